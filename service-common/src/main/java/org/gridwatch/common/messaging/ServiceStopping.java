package org.gridwatch.common.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Tells {@link TransientRetry} that the service is stopping, before its database and persistence unit close, and that
 * it runs again after a start (the same JVM may start the application again, as tests do).
 */
@ApplicationScoped
public class ServiceStopping {

    void started(@Observes StartupEvent event) {
        TransientRetry.started();
    }

    void stopping(@Observes @Priority(1) ShutdownEvent event) {
        TransientRetry.stopping();
    }
}
