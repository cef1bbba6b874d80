package org.gridwatch.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The load generator: Debian's {@code wrk} as a second process on 127.0.0.1, with {@code reports.lua}: every request
 * a new report of about 1 KB from a random rider of {@link Riders}, at a random point of the demo city.
 *
 * <p>wrk is closed-loop: each connection sends its next request when the previous one is answered, after
 * {@code delay} ms. With {@code delay = connections / rate} the offered rate is the target while answers are fast;
 * when the server falls behind, the rate falls with it, and the achieved rate (202s a second) is what is reported.
 */
public final class Wrk {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run of wrk measured. */
    public record Result(long requests, Duration duration, long socketErrors, long timeouts, Duration p50, Duration p90,
                         Duration p99, Duration max, Map<String, Long> status) {

        public long count(int code) {
            return status.getOrDefault(Integer.toString(code), 0L);
        }

        /** Answers with this status a second, over the whole run. */
        public double rate(int code) {
            return count(code) / (duration.toNanos() / 1e9);
        }

        public String statusSummary() {
            return new TreeMap<>(status).toString();
        }
    }

    private Wrk() {
    }

    /**
     * Runs {@code wrk} against {@code url} for {@code duration}.
     *
     * @param data the folder with {@code tokens.txt} and {@code points.txt} ({@link Riders#write})
     * @param ratePerSecond the target rate, or 0 for as fast as the server answers
     */
    public static Result run(String url, Path data, int threads, int connections, Duration duration, int ratePerSecond,
                             Path log) {
        Path script = data.resolve("reports.lua");
        try (InputStream in = Wrk.class.getResourceAsStream("reports.lua")) {
            Files.write(script, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long delayMs = ratePerSecond <= 0 ? 0 : Math.max(0, Math.round(connections * 1000.0 / ratePerSecond));
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "10s", "--latency", "-s", script.toString(), url,
                "--", data.toString(), Long.toString(delayMs)));
        try {
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = wrk.waitFor();
            Files.writeString(log, String.join(" ", command) + "\n" + output, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            String line = output.lines().filter(l -> l.startsWith("WRK_RESULT ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("wrk exited " + code + " without a result:\n" + output));
            JsonNode r = JSON.readTree(line.substring("WRK_RESULT ".length()));
            Map<String, Long> status = new TreeMap<>();
            r.path("status").fields().forEachRemaining(e -> status.put(e.getKey(), e.getValue().asLong()));
            return new Result(r.path("requests").asLong(), Duration.ofNanos(r.path("duration_us").asLong() * 1000),
                    r.path("connect_errors").asLong() + r.path("read_errors").asLong() + r.path("write_errors").asLong(),
                    r.path("timeouts").asLong(), micros(r, "p50_us"), micros(r, "p90_us"), micros(r, "p99_us"),
                    micros(r, "max_us"), status);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run wrk (install it: apt-get install wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Duration micros(JsonNode r, String field) {
        return Duration.ofNanos(r.path(field).asLong() * 1000);
    }
}
