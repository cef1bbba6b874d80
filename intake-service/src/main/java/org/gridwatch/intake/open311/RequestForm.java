package org.gridwatch.intake.open311;

import org.jboss.resteasy.reactive.RestForm;

/**
 * The arguments of POST requests that GridWatch uses. The spec's contact arguments (email, first_name,
 * last_name, phone, device_id) and {@code attribute[...]} are accepted and not stored: routing needs none
 * of them, and personal data stays with the client, which can find its request again by account_id. {@code media}
 * (the spec leaves uploads to each server) is read only to refuse it: GridWatch keeps no media, only media_url.
 */
public record RequestForm(
        @RestForm("api_key") String apiKey,
        @RestForm("jurisdiction_id") String jurisdictionId,
        @RestForm("service_code") String serviceCode,
        @RestForm("lat") String lat,
        @RestForm("long") String lon,
        @RestForm("address_string") String addressString,
        @RestForm("description") String description,
        @RestForm("media_url") String mediaUrl,
        @RestForm("account_id") String accountId,
        @RestForm("media") String media) {
}
