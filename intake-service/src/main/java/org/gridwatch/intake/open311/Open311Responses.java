package org.gridwatch.intake.open311;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;

/**
 * Writes Open311 answers in the format the path asked for. JSON is the bare array or object (written by
 * Quarkus' Jackson); XML wraps a list in the spec's element names, e.g. {@code <services><service>…}.
 */
@ApplicationScoped
public class Open311Responses {

    private final XmlMapper xml = XmlMapper.builder().enable(ToXmlGenerator.Feature.WRITE_XML_DECLARATION).build();
    private final ObjectMapper json = new ObjectMapper();

    /** {@code items} as a JSON array, or as {@code <root><element>…</element>…</root>}. */
    public Response list(Open311Format format, String root, String element, List<?> items) {
        return listBuilder(format, 200, root, element, items).build();
    }

    /** One object; in XML, the root element is named {@code root}. */
    public Response single(Open311Format format, String root, Object body) {
        return builder(format, 200, body, () -> xml.writer().withRootName(root).writeValueAsString(body)).build();
    }

    /** 201 with the created request, and where to read it. */
    public Response created(Open311Format format, PostedRequest posted) {
        return listBuilder(format, 201, "service_requests", "request", List.of(posted))
                .location(URI.create("/open311/v2/requests/" + posted.serviceRequestId() + "."
                        + format.name().toLowerCase(Locale.ROOT)))
                .build();
    }

    /** The spec's error array with the refusal's status (and the Retry-After of a 429 or 503). */
    public Response error(Open311Format format, Open311Exception e) {
        Response.ResponseBuilder response = listBuilder(format, e.status(), "errors", "error", e.errors());
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return response.build();
    }

    /** The body of the spec's error array: the list for Quarkus' JSON writer, or the XML text. */
    public Object errorEntity(Open311Format format, Open311Exception e) {
        if (format == Open311Format.JSON) {
            return e.errors();
        }
        return xmlText("errors", Map.of("error", e.errors()));
    }

    /** The error array as text, for answers written below JAX-RS. */
    public String errorText(Open311Format format, Open311Exception e) {
        if (format == Open311Format.XML) {
            return xmlText("errors", Map.of("error", e.errors()));
        }
        try {
            return json.writeValueAsString(e.errors());
        } catch (JsonProcessingException failed) {
            throw new IllegalStateException("Cannot write Open311 JSON", failed);
        }
    }

    private String xmlText(String root, Object body) {
        try {
            return xml.writer().withRootName(root).writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write Open311 XML", e);
        }
    }

    private Response.ResponseBuilder listBuilder(Open311Format format, int status, String root, String element, List<?> items) {
        return builder(format, status, items, () -> xml.writer().withRootName(root).writeValueAsString(Map.of(element, items)));
    }

    private static Response.ResponseBuilder builder(Open311Format format, int status, Object json, XmlWriter xmlWriter) {
        Object entity;
        try {
            entity = format == Open311Format.XML ? xmlWriter.write() : json;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write Open311 XML", e);
        }
        return Response.status(status).type(format.mediaType()).entity(entity);
    }

    @FunctionalInterface
    private interface XmlWriter {
        String write() throws JsonProcessingException;
    }
}
