package org.gridwatch.intake.open311;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/**
 * Open311 service discovery (https://wiki.open311.org/Service_Discovery): when the API last changed, whom to
 * contact, how to get a key, and the endpoints with their specification, address, type and formats. In XML the
 * lists are {@code <endpoints><endpoint>} and {@code <formats><format>}.
 */
@JsonPropertyOrder({"changeset", "contact", "key_service", "endpoints"})
public record DiscoveryDocument(
        @JsonProperty("changeset") String changeset,
        @JsonProperty("contact") String contact,
        @JsonProperty("key_service") String keyService,
        @JacksonXmlElementWrapper(localName = "endpoints") @JacksonXmlProperty(localName = "endpoint")
        @JsonProperty("endpoints") List<Endpoint> endpoints) {

    /** One API endpoint of the jurisdiction. */
    @JsonPropertyOrder({"specification", "url", "changeset", "type", "formats"})
    public record Endpoint(
            @JsonProperty("specification") String specification,
            @JsonProperty("url") String url,
            @JsonProperty("changeset") String changeset,
            @JsonProperty("type") String type,
            @JacksonXmlElementWrapper(localName = "formats") @JacksonXmlProperty(localName = "format")
            @JsonProperty("formats") List<String> formats) {
    }
}
