package org.gridwatch.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts child processes for the local stack and the tests: Java processes get this module's runtime
 * classpath (written at build time), and every child gets its own session so that a Ctrl-C in the
 * terminal reaches only the launcher, which then stops the children in order.
 */
public final class ChildJvm {

    private static final String CLASSPATH_RESOURCE = "/org/gridwatch/infra/runtime.classpath";

    private ChildJvm() {
    }

    /** {@code java [jvmArgs] -cp <local-infra and its dependencies>}, ready for a main class. */
    public static List<String> command(List<String> jvmArgs) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath());
        return command;
    }

    /** The java executable of the running JVM, so children run on the same JDK. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Starts {@code command} with its output appended to {@code log}. */
    public static Process start(List<String> command, Path log, Map<String, String> env) throws IOException {
        return start(command, log, env, null);
    }

    /** As {@link #start(List, Path, Map)}, in {@code workingDir} (null: this process's). */
    public static Process start(List<String> command, Path log, Map<String, String> env, Path workingDir) throws IOException {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        return builder.start();
    }

    /**
     * SIGTERM, then SIGKILL if the process has not exited within {@code graceSeconds}.
     *
     * @return whether the process exited by itself within the grace period
     */
    public static boolean stop(Process process, long graceSeconds) {
        process.destroy();
        try {
            if (process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return false;
    }

    /** SIGKILL ({@code kill -9}): the process dies without any shutdown work, as in a crash. */
    public static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String classpath() {
        try (InputStream in = ChildJvm.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + CLASSPATH_RESOURCE + ": build local-infra with Maven first");
            }
            String dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return ownLocation() + java.io.File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar or classes folder holding this module, whichever class loader loaded it. */
    private static String ownLocation() {
        String self = ChildJvm.class.getName().replace('.', '/') + ".class";
        String url = String.valueOf(ChildJvm.class.getClassLoader().getResource(self));
        try {
            if (url.startsWith("jar:")) {
                return Path.of(new URI(url.substring(4, url.indexOf("!/")))).toString();
            }
            if (url.startsWith("file:")) {
                String path = Path.of(new URI(url)).toString();
                return path.substring(0, path.length() - self.length());
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate local-infra from " + url, e);
        }
        throw new IllegalStateException("Cannot locate local-infra from " + url);
    }
}
