package org.gridwatch.intake.open311;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Open311 settings ({@code gridwatch.open311.*}): the jurisdiction served and the registered clients. */
@ConfigMapping(prefix = "gridwatch.open311")
public interface Open311Config {

    /** The {@code jurisdiction_id} of this server; a request naming another one is refused. */
    String jurisdictionId();

    /**
     * Registered clients by id. Ids are lowercase letters and digits only, so that the environment
     * variables {@code GRIDWATCH_OPEN311_CLIENTS_<ID>_API_KEY} and {@code _NAME} name exactly one client.
     */
    Map<String, Client> clients();

    /** One registered Open311 client (a city hotline, a partner app). */
    interface Client {

        /** The secret the client sends as {@code api_key}. */
        String apiKey();

        /** For people reading logs and configuration; the id when absent. */
        Optional<String> name();
    }
}
