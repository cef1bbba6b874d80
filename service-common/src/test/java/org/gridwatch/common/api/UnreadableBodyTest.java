package org.gridwatch.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;

import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A body that is not JSON names the member where it broke, also when Quarkus wraps the parser's error. */
class UnreadableBodyTest {

    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void aTokenNoJsonAllowsInsideAMemberNamesThatMember() {
        for (String body : List.of("{\"fixed\":NaN}", "{\"note\":\"x\",\"evidenceUrls\":[Infinity]}", "{\"location\":{\"lat\":+1}}")) {
            JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> new ObjectMapper().readValue(body, JsonNode.class));
            RestResponse<Problem> direct = mapper.json(e, null);
            RestResponse<Problem> wrapped = mapper.web(new WebApplicationException(e, 400), null);
            String expected = body.contains("fixed") ? "fixed" : body.contains("evidenceUrls") ? "evidenceUrls[0]" : "location.lat";
            for (RestResponse<Problem> response : List.of(direct, wrapped)) {
                assertEquals(400, response.getStatus(), body);
                assertEquals(expected, response.getEntity().errors().get(0).field(), body);
                assertEquals("not valid JSON", response.getEntity().errors().get(0).message(), body);
            }
        }
    }

    @Test
    void aBodyBrokenBeforeAnyMemberNamesNoField() {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> new ObjectMapper().readValue("nope", JsonNode.class));
        assertNull(mapper.json(e, null).getEntity().errors());
    }
}
