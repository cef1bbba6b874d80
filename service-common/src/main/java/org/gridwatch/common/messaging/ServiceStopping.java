package org.gridwatch.common.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;

/** Tells {@link TransientRetry} that the service is stopping, before its database and persistence unit close. */
@ApplicationScoped
public class ServiceStopping {

    void stopping(@Observes @Priority(1) ShutdownEvent event) {
        TransientRetry.stopping();
    }
}
