package org.gridwatch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One GridWatch service running from its packaged jar ({@code target/quarkus-app/quarkus-run.jar}) as
 * a separate JVM, the way it is deployed.
 */
public final class ServiceProcess {

    /**
     * The JVM settings of a service, here and in the container images ({@code src/main/docker/Dockerfile.jvm}); the
     * README's "JVM settings" says why: the C1 compiler only, the serial collector, a bounded heap that grows only
     * as far as its live data needs, and an exit on OutOfMemoryError so that a service is restarted rather than left
     * half-working.
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms64m", "-Xmx256m",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:+ExitOnOutOfMemoryError");

    /**
     * Quarkus's AppCDS archive ({@code quarkus.package.jar.appcds.enabled}), written beside {@code quarkus-run.jar} by
     * the build with the same JDK: when present, a service starts with it ({@code -XX:SharedArchiveFile}). A JVM that
     * differs from the one that wrote it ignores it with a warning and starts as without it.
     */
    public static final String APP_CDS_ARCHIVE = "app-cds.jsa";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;
    private boolean appCds = true;

    public ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** Whether the next {@link #start} uses the AppCDS archive when there is one (by default it does). */
    public synchronized ServiceProcess useAppCds(boolean use) {
        this.appCds = use;
        return this;
    }

    /** Whether the build wrote an AppCDS archive for this service. */
    public boolean hasAppCdsArchive() {
        return Files.isRegularFile(jar.resolveSibling(APP_CDS_ARCHIVE));
    }

    public synchronized ServiceProcess start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing");
        }
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaBinary());
        command.addAll(JVM_OPTIONS);
        if (appCds && hasAppCdsArchive()) {
            command.add("-XX:SharedArchiveFile=" + APP_CDS_ARCHIVE);
        }
        // From the application's folder, as the container image runs it: the archive records the class path as the
        // build ran it (quarkus-run.jar and lib/..., relative), and the JVM uses it only when the class path matches.
        command.addAll(List.of("-jar", jar.getFileName().toString()));
        try {
            process = ChildJvm.start(command, logFile, environment, jar.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200, asking every 250 ms; fails early if the process dies. */
    public void awaitReady(Duration timeout) {
        awaitReady(timeout, Duration.ofMillis(250));
    }

    /** As {@link #awaitReady(Duration)}, asking every {@code poll} (a benchmark timing the start asks more often). */
    public void awaitReady(Duration timeout, Duration poll) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (!isRunning()) {
                throw new IllegalStateException(name + " exited during start-up; see " + logFile);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + timeout + "; see " + logFile);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * Graceful stop (SIGTERM), forced after 30 s (as Kubernetes' default grace period).
     *
     * @return whether the service exited by itself within those 30 s (true when it was not running)
     */
    public synchronized boolean stop() {
        if (process == null) {
            return true;
        }
        boolean graceful = ChildJvm.stop(process, 30);
        process = null;
        return graceful;
    }

    /** {@code kill -9}. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        ChildJvm.kill(process);
        process = null;
    }
}
