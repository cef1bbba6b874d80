package org.gridwatch.intake.open311;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Open311 settings ({@code gridwatch.open311.*}): the jurisdiction served, the registered clients and their
 * allowances, who may read requests, how long a repeated POST is the same request, and the discovery document.
 */
@ConfigMapping(prefix = "gridwatch.open311")
public interface Open311Config {

    /** The {@code jurisdiction_id} of this server; a request naming another one is refused. */
    String jurisdictionId();

    /**
     * Registered clients by id. Ids are lowercase letters and digits only, so that the environment
     * variables {@code GRIDWATCH_OPEN311_CLIENTS_<ID>_API_KEY}, {@code _NAME} and {@code _REQUESTS_PER_HOUR}
     * name exactly one client.
     */
    Map<String, Client> clients();

    /**
     * Whether GET requests needs a registered client's {@code api_key}. Off by default: the spec and its clients
     * read requests without one, and they show no personal data. A jurisdiction that keeps requests to its
     * partners turns it on.
     */
    @WithDefault("false")
    boolean readsRequireApiKey();

    /**
     * New requests a client may post per hour, over all its callers (with or without {@code account_id}), unless
     * the client has its own {@link Client#requestsPerHour()}.
     */
    @Min(1)
    int requestsPerHour();

    /** How long the same client posting the same request again gets the same {@code service_request_id}. */
    Duration duplicateWindow();

    Discovery discovery();

    /** One registered Open311 client (a city hotline, a partner app). */
    interface Client {

        /** The secret the client sends as {@code api_key}. */
        String apiKey();

        /** For people reading logs and configuration; the id when absent. */
        Optional<String> name();

        /** This client's allowance of new requests per hour, instead of {@link Open311Config#requestsPerHour()}. */
        Optional<Integer> requestsPerHour();
    }

    /** What the discovery document ({@code /open311/discovery.{json,xml}}) tells clients. */
    interface Discovery {

        /** Whom to contact about the API. */
        String contact();

        /** How a client gets an {@code api_key}. */
        String keyService();

        /**
         * The GeoReport v2 endpoint's address as clients reach it (e.g. {@code https://api.city.example/open311/v2});
         * when absent, the address the discovery document was requested at.
         */
        Optional<String> endpointUrl();

        /** {@code production} or {@code test}. */
        @WithDefault("production")
        String type();

        /**
         * When this API last changed in a way clients should notice; the document's {@code changeset} is the later of
         * this and the newest change to the catalogue (the service definitions).
         */
        OffsetDateTime changedAt();
    }
}
