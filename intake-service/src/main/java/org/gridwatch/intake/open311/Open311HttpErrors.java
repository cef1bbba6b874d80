package org.gridwatch.intake.open311;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gridwatch.common.api.Problem;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The spec's error array for what is refused under {@code /open311} before any Open311 code runs: a path no
 * method answers (404: no format, a deeper path, another version), a method the spec does not define (405), a media
 * type no method takes or gives (415, 406), which Quarkus REST answers through service-common's problem+json mapper;
 * and a body over the size limit (413), which the HTTP layer answers before Quarkus REST with no body at all.
 */
@ApplicationScoped
public class Open311HttpErrors {

    static final String ROOT = "/open311";
    static final String PATHS = "GridWatch answers /open311/discovery.{json,xml} and, under /open311/v2, "
            + "services.{json,xml}, services/{service_code}.{json,xml}, requests.{json,xml} and "
            + "requests/{service_request_id}.{json,xml}";

    private final Open311Responses responses;
    private final long maxBodyBytes;

    public Open311HttpErrors(Open311Responses responses,
                             @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.responses = responses;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    /** Whether a request path lies under /open311, where every error is the spec's array. */
    static boolean covers(String path) {
        return path != null && (path.equals(ROOT) || path.startsWith(ROOT + "/"));
    }

    /** Rewrites a problem+json answer under /open311 as the spec's error array, keeping its status and headers. */
    @ServerResponseFilter
    public void toSpecsErrorArray(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!covers(path) || !(response.getEntity() instanceof Problem problem)) {
            return;
        }
        Open311Format format = Open311Format.ofPath(path);
        if (response.getStatus() == 405 && !response.getHeaders().containsKey(HttpHeaders.ALLOW)) {
            // Quarkus REST's 405 names no methods; HTTP wants them, and this API's are known by its paths.
            response.getHeaders().putSingle(HttpHeaders.ALLOW, allowed(path));
        }
        Open311Exception error = new Open311Exception(response.getStatus(), descriptions(request, response, problem));
        response.setEntity(responses.errorEntity(format, error), null, format.mediaType());
    }

    /** The methods this API answers on {@code path}: POST on requests.{format} too, else only reads. */
    static String allowed(String path) {
        return path.matches(ROOT + "/v2/requests\\.[^/]*") ? "GET, HEAD, OPTIONS, POST" : "GET, HEAD, OPTIONS";
    }

    private static List<String> descriptions(ContainerRequestContext request, ContainerResponseContext response,
                                             Problem problem) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        List<String> descriptions = new ArrayList<>();
        switch (response.getStatus()) {
            case 404 -> descriptions.add("Not found: " + path + ". " + PATHS);
            case 405 -> descriptions.add(method + " is not allowed on " + path + "; allowed: "
                    + String.join(", ", response.getStringHeaders().getOrDefault(HttpHeaders.ALLOW, List.of("none"))));
            case 406 -> descriptions.add("Not acceptable: the suffix of the path chooses the format, .json or .xml");
            // The header as sent: a type that does not even parse (a/b/c) must not fail the answer.
            case 415 -> descriptions.add("Unsupported Content-Type " + request.getHeaderString(HttpHeaders.CONTENT_TYPE)
                    + ": send application/x-www-form-urlencoded or multipart/form-data");
            default -> {
                if (problem.errors() != null) {
                    problem.errors().forEach(f -> descriptions.add(f.field() + ": " + f.message()));
                }
                if (descriptions.isEmpty()) {
                    descriptions.add(problem.detail() != null ? problem.detail() : problem.title());
                }
            }
        }
        return descriptions;
    }

    /**
     * Answers a request under /open311 whose declared length is over {@code quarkus.http.limits.max-body-size}, in
     * the spec's format, just before the HTTP layer would answer it with a bare 413 (its route has the next order).
     */
    void installBodyLimit(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseOversizedBody);
    }

    private void refuseOversizedBody(RoutingContext context) {
        String path = context.normalizedPath();
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (!covers(path) || length == null || !isOver(length)) {
            context.next();
            return;
        }
        Open311Format format = Open311Format.ofPath(path);
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String description = "The request body is larger than the " + (maxBodyBytes / 1024) + " KB a request may be";
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            description += "; GridWatch keeps no media files: send the picture's address as media_url instead";
        }
        // The rest of the body is not read: close the connection after the answer, as the HTTP layer does.
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, format.mediaType().toString())
                .putHeader("Connection", "close")
                .end(responses.errorText(format, new Open311Exception(413, description)));
    }

    private boolean isOver(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer refuses a malformed length itself
        }
    }
}
