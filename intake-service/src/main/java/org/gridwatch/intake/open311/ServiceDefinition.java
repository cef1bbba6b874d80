package org.gridwatch.intake.open311;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** GET service definition: GridWatch asks no extra attributes, so the list is always empty. */
public record ServiceDefinition(
        @JsonProperty("service_code") String serviceCode,
        @JacksonXmlElementWrapper(localName = "attributes") @JacksonXmlProperty(localName = "attribute") List<Object> attributes) {
}
