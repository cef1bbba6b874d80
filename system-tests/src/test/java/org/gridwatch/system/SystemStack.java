package org.gridwatch.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.gridwatch.infra.LocalStack;
import org.gridwatch.infra.Ports;
import org.gridwatch.infra.demo.DemoCityLoader;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One running GridWatch for every scenario class of a test run: Kafka, PostgreSQL and the three packaged
 * services as separate processes (started as {@code ./gridwatch up} starts them, about a minute on two
 * cores), with the demo city Yunlong loaded through routing's admin API. It starts when the first class
 * that uses it starts, and stops when the whole run ends (a value of the root store, closed by JUnit), or
 * in a shutdown hook if the run is cut short.
 *
 * <p>Use: {@code @ExtendWith(SystemStack.class)} on the class, and a {@link Services} parameter (of a
 * {@code @BeforeAll}, a test method or the constructor) for the base URLs (or a {@link LocalStack} parameter, to start a
 * second instance of a service; the scenario stops what it started). Classes share the data, so each
 * scenario owns its own: fresh report ids, and a location no other scenario reports near with the same
 * category (or its report merges into their ticket). Classes that start a stack of their own
 * ({@link LocalStackIT}) run before the classes using this one ({@link SharedStackLast}).
 */
public final class SystemStack implements BeforeAllCallback, ParameterResolver {

    /** Base URLs of the running services, and the Kafka bootstrap servers for scenarios that read topics. */
    public record Services(String intake, String routing, String resolution, String kafka) {
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SystemStack.class);
    private static final Path PROJECT = Path.of(System.getProperty("gridwatch.home", "..")).toAbsolutePath().normalize();

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Services.class || parameter.getParameter().getType() == LocalStack.class;
    }

    /** {@link Services}, or the {@link LocalStack} itself for a scenario that starts a second instance of a service. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = running(context);
        return parameter.getParameter().getType() == LocalStack.class ? running.stack : running.services();
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Running.class, k -> Running.start(), Running.class)
                .orFail();
    }

    /** The started stack (or why it did not start, so that later classes fail at once instead of trying again). */
    static final class Running implements AutoCloseable {

        private final LocalStack stack;
        private final Path stateDir;
        private final RuntimeException failure;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Thread hook = new Thread(this::stop, "gridwatch-system-stack-stop");

        private Running(LocalStack stack, Path stateDir, RuntimeException failure) {
            this.stack = stack;
            this.stateDir = stateDir;
            this.failure = failure;
        }

        static Running start() {
            Path state = stateDir("gridwatch-system-");
            LocalStack.Settings settings = settings(state, null);
            long t0 = System.nanoTime();
            LocalStack stack;
            try {
                stack = new LocalStack(settings).start();
            } catch (RuntimeException e) {
                return new Running(null, state, new IllegalStateException("The system stack did not start; logs under "
                        + state.resolve("logs"), e));
            }
            Running running = new Running(stack, state, null);
            Runtime.getRuntime().addShutdownHook(running.hook);
            try {
                String loaded = new DemoCityLoader(stack.service("routing-service").baseUrl()).load();
                System.out.printf("System stack ready with the demo city in %d ms (%s; logs under %s)%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), loaded, stack.logDir());
                return running;
            } catch (RuntimeException e) {
                running.close();
                return new Running(null, state, new IllegalStateException("The demo city did not load; logs under "
                        + state.resolve("logs"), e));
            }
        }

        Running orFail() {
            if (failure != null) {
                throw failure;
            }
            return this;
        }

        Services services() {
            return new Services(stack.service("intake-service").baseUrl(), stack.service("routing-service").baseUrl(),
                    stack.service("resolution-service").baseUrl(), stack.bootstrapServers());
        }

        /** At the end of the run: stop the stack and keep only its logs. */
        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops the stack
            }
            stop();
        }

        private void stop() {
            if (stack == null || !closed.compareAndSet(false, true)) {
                return;
            }
            stack.close();
            deleteData(stateDir);
        }
    }

    /** A new folder for a stack's data and logs, under the system's temporary folder. */
    static Path stateDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A stack of this checkout's packaged services in {@code state}, everything on free ports: embedded PostgreSQL,
     * and the embedded Kafka node unless {@code externalKafka} gives a cluster's bootstrap servers.
     */
    static LocalStack.Settings settings(Path state, String externalKafka) {
        return new LocalStack.Settings(PROJECT, state, externalKafka, Ports.freePair(), Ports.free(), null, null, null,
                LocalStack.Settings.DEFAULT_SERVICES.stream()
                        .map(s -> new LocalStack.ServiceSpec(s.name(), Ports.free(), s.database())).toList());
    }

    /** Deletes a stopped stack's Kafka and PostgreSQL data under {@code stateDir}, keeping its logs. */
    static void deleteData(Path stateDir) {
        for (String data : List.of("kafka", "postgres")) {
            deleteTree(stateDir.resolve(data));
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftovers in the temporary folder do no harm
        }
    }
}
