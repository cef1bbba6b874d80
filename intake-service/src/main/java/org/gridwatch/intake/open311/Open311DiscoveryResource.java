package org.gridwatch.intake.open311;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Open311 service discovery at {@code /open311/discovery.{json,xml}}. Its root, {@code /open311}, also gives every
 * other path under it a resource, so that Quarkus REST refuses them with an error that becomes the spec's array
 * ({@link Open311HttpErrors}).
 */
@Path("/open311")
@PermitAll
public class Open311DiscoveryResource {

    private final Open311Discovery discovery;
    private final Open311Responses responses;

    public Open311DiscoveryResource(Open311Discovery discovery, Open311Responses responses) {
        this.discovery = discovery;
        this.responses = responses;
    }

    @GET
    @Path("/discovery.{format}")
    public Response discovery(@RestPath String format, UriInfo uri) {
        Open311Format f = Open311Format.of(format);
        return responses.single(f, "discovery", discovery.document(uri.getBaseUri()));
    }

    @ServerExceptionMapper
    public Response refused(Open311Exception e, UriInfo uri) {
        return responses.error(Open311Format.ofPath(uri.getPath()), e);
    }
}
