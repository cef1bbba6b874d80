package org.gridwatch.bench.ceiling;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * {@code POST /reports}: the body goes to Kafka as it came, and the answer is 202 once Kafka acknowledged it
 * (acks=all, idempotent producer), on the event loop. No token, no parsing, no database: what intake-service
 * does on top of this is what {@code bench/run intake} measures.
 */
@Path("/reports")
public class CeilingResource {

    private final MutinyEmitter<byte[]> reports;

    public CeilingResource(@Channel("reports") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> reports) {
        this.reports = reports;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> accept(byte[] body) {
        return reports.send(body).replaceWith(Response.accepted().build());
    }
}
