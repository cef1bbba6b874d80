package org.gridwatch.intake.open311;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Who may use Open311 here: requests for this server's jurisdiction, writes by registered clients, and reads by
 * anyone (or by registered clients, where the jurisdiction wants that).
 */
@ApplicationScoped
public class Open311Access {

    private static final Logger LOG = Logger.getLogger(Open311Access.class);
    private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9]+");
    private static final String ENV_PREFIX = "GRIDWATCH_OPEN311_CLIENTS_";
    /** A client's settings as environment variable suffixes, longest first (no suffix ends another). */
    private static final List<String> CLIENT_SETTINGS = List.of("_REQUESTS_PER_HOUR", "_API_KEY", "_NAME");

    private final Open311Config config;

    public Open311Access(Open311Config config) {
        this.config = config;
    }

    void checkConfiguration(@Observes StartupEvent start) {
        List<String> problems = configurationProblems(config.clients(), System.getenv());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Open311 client configuration: " + String.join("; ", problems));
        }
        LOG.infof("Open311 clients: %s", new TreeSet<>(config.clients().keySet()));
    }

    /**
     * Lets a GET of requests through: anyone, unless the jurisdiction keeps requests to registered clients
     * ({@code gridwatch.open311.reads-require-api-key}), when it takes a valid api_key (403 otherwise). Without
     * that setting an api_key sent along is not needed and not checked.
     */
    public void checkRead(String apiKey) {
        if (config.readsRequireApiKey()) {
            client(apiKey);
        }
    }

    /** The client whose api_key this is; 403 when it is missing or unknown. */
    public Open311Client client(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new Open311Exception(403, "api_key is required");
        }
        byte[] given = apiKey.getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, Open311Config.Client> c : config.clients().entrySet()) {
            // Constant-time comparison: the api_key is a secret.
            if (MessageDigest.isEqual(given, c.getValue().apiKey().getBytes(StandardCharsets.UTF_8))) {
                return new Open311Client(c.getKey(), c.getValue().name().orElse(c.getKey()),
                        c.getValue().requestsPerHour().orElse(config.requestsPerHour()));
            }
        }
        throw new Open311Exception(403, "Invalid api_key");
    }

    /** A request may name the jurisdiction; when it names another one, there is nothing here for it (404). */
    public void checkJurisdiction(String jurisdictionId) {
        if (jurisdictionId != null && !jurisdictionId.isBlank() && !jurisdictionId.equals(config.jurisdictionId())) {
            throw new Open311Exception(404, "jurisdiction not found: this server serves jurisdiction_id "
                    + config.jurisdictionId());
        }
    }

    /**
     * What is wrong with the configured clients: ids that environment variables could not name, api keys
     * shared by two clients, and {@code GRIDWATCH_OPEN311_CLIENTS_*} variables that configure no client
     * (SmallRye Config ignores them silently, e.g. {@code _CITY_HOTLINE_API_KEY}).
     */
    static List<String> configurationProblems(Map<String, Open311Config.Client> clients, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Map.Entry<String, Open311Config.Client> c : new TreeMap<>(clients).entrySet()) {
            if (!CLIENT_ID.matcher(c.getKey()).matches()) {
                problems.add("client id '" + c.getKey() + "' must be lowercase letters and digits");
            }
            if (!keys.add(c.getValue().apiKey())) {
                problems.add("client '" + c.getKey() + "' shares its api-key with another client");
            }
            if (c.getValue().requestsPerHour().filter(n -> n < 1).isPresent()) {
                problems.add("client '" + c.getKey() + "' needs requests-per-hour of at least 1");
            }
        }
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith(ENV_PREFIX)) {
                continue;
            }
            String rest = name.substring(ENV_PREFIX.length());
            String id = CLIENT_SETTINGS.stream().filter(rest::endsWith).findFirst()
                    .map(setting -> rest.substring(0, rest.length() - setting.length())).orElse(null);
            if (id == null || !CLIENT_ID.matcher(id.toLowerCase(Locale.ROOT)).matches()
                    || !clients.containsKey(id.toLowerCase(Locale.ROOT))) {
                problems.add("environment variable " + name + " configures no client; use "
                        + ENV_PREFIX + "<ID>_API_KEY, _NAME and _REQUESTS_PER_HOUR with an id of letters and digits");
            }
        }
        return problems;
    }
}
