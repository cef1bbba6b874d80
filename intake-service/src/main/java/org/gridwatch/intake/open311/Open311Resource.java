package org.gridwatch.intake.open311;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.ProblemMapper;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): service types and service requests, in
 * the format of the path's suffix ({@code .json} or {@code .xml}). Clients post with their {@code api_key}; reading
 * needs none unless the jurisdiction says so.
 */
@Path("/open311/v2")
@PermitAll
public class Open311Resource {

    private static final Logger LOG = Logger.getLogger(Open311Resource.class);

    private final Open311Catalogue services;
    private final Open311Requests requests;
    private final Open311Responses responses;

    public Open311Resource(Open311Catalogue services, Open311Requests requests, Open311Responses responses) {
        this.services = services;
        this.requests = requests;
        this.responses = responses;
    }

    /** Every active category as a service type. */
    @GET
    @Path("/services.{format}")
    public Response services(@RestPath String format, @RestQuery("jurisdiction_id") String jurisdictionId) {
        Open311Format f = Open311Format.of(format);
        return responses.list(f, "services", "service", services.services(jurisdictionId));
    }

    @GET
    @Path("/services/{serviceCode}.{format}")
    public Response definition(@RestPath String serviceCode, @RestPath String format,
                               @RestQuery("jurisdiction_id") String jurisdictionId) {
        Open311Format f = Open311Format.of(format);
        return responses.single(f, "service_definition", services.definition(jurisdictionId, serviceCode));
    }

    /** Submits a service request: 201 once Kafka holds it, with the id to follow it by. */
    @POST
    @Path("/requests.{format}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@RestPath String format, @BeanParam RequestForm form) {
        Open311Format f = Open311Format.of(format);
        return responses.created(f, requests.post(form, List.of()));
    }

    /** The same as a multipart/form-data POST, as most clients send it; a file part is refused (no media storage). */
    @POST
    @Path("/requests.{format}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response postMultipart(@RestPath String format, @BeanParam RequestForm form,
                                  @RestForm(FileUpload.ALL) List<FileUpload> files) {
        Open311Format f = Open311Format.of(format);
        return responses.created(f, requests.post(form, files.stream().map(FileUpload::name).toList()));
    }

    /** A POST of anything but a form would otherwise be refused before this class, as problem+json. */
    @POST
    @Path("/requests.{format}")
    public Response postNotAForm(@RestPath String format) {
        Open311Format.of(format);
        throw new Open311Exception(415, "POST requests." + format
                + " takes its arguments as application/x-www-form-urlencoded or multipart/form-data");
    }

    /** Open311 requests of every client, to anyone (unless the jurisdiction requires an api_key to read). */
    @GET
    @Path("/requests.{format}")
    public Response list(@RestPath String format, @BeanParam RequestQuery query) {
        Open311Format f = Open311Format.of(format);
        return responses.list(f, "service_requests", "request", requests.list(query));
    }

    @GET
    @Path("/requests/{serviceRequestId}.{format}")
    public Response one(@RestPath String serviceRequestId, @RestPath String format,
                        @RestQuery("api_key") String apiKey, @RestQuery("jurisdiction_id") String jurisdictionId) {
        Open311Format f = Open311Format.of(format);
        return responses.list(f, "service_requests", "request",
                List.of(requests.one(jurisdictionId, apiKey, serviceRequestId)));
    }

    /** Class-level mappers take precedence over service-common's problem+json ones for errors raised here. */
    @ServerExceptionMapper
    public Response refused(Open311Exception e, UriInfo uri) {
        return responses.error(errorFormat(uri), e);
    }

    /** Anything else raised here still answers in the spec's error array, never as problem+json. */
    @ServerExceptionMapper
    public Response failed(Throwable e, UriInfo uri) {
        if (e instanceof IOException unreadable) {
            // The body could not be read: cut off by the client, or a body without a declared length that grew past
            // the size limit (Quarkus REST has then already answered 413 itself and closed the connection).
            LOG.debugf("Unreadable request body on %s: %s", uri.getPath(), unreadable);
            boolean tooLarge = unreadable.getMessage() != null && unreadable.getMessage().contains("too large");
            return responses.error(errorFormat(uri), new Open311Exception(tooLarge ? 413 : 400,
                    tooLarge ? "The request body is larger than a request may be" : "The request body could not be read"));
        }
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            return responses.error(errorFormat(uri), new Open311Exception(w.getResponse().getStatus(), w.getMessage()));
        }
        String unstorable = ProblemMapper.unstorableInput(e);
        if (unstorable != null) {
            return responses.error(errorFormat(uri), new Open311Exception(400, unstorable));
        }
        ApiException unavailable = ProblemMapper.databaseUnavailable(e, uri);
        if (unavailable != null) {
            return responses.error(errorFormat(uri), Open311Exception.of(unavailable));
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled error on %s (reference %s)", uri.getPath(), reference);
        return responses.error(errorFormat(uri),
                new Open311Exception(500, "The server failed to handle this request; reference " + reference));
    }

    private static Open311Format errorFormat(UriInfo uri) {
        return Open311Format.forError(uri.getPathParameters().getFirst("format"));
    }
}
