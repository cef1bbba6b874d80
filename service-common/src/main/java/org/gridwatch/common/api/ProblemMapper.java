package org.gridwatch.common.api;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.gridwatch.common.persistence.DatabaseFailures;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one place where every GridWatch service turns exceptions into RFC 9457 problem+json responses.
 * Bad input is a 4xx that names the fields at fault; only a genuine server fault is a 500, and its
 * response carries a reference to the log line rather than internals.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    /** The detail of a 400 for text that PostgreSQL refuses to store or compare. */
    public static final String UNSTORABLE_TEXT = "The request holds a character that no GridWatch field can hold (U+0000, NUL)";
    /** The detail of a 400 for a date-time beyond PostgreSQL's range (4713 BC to 294276 AD). */
    public static final String UNSTORABLE_TIME = "The request holds a date-time outside the range GridWatch can store";

    /** The detail of a 503 while the service's database cannot be reached (a resent request is always safe). */
    public static final String DATABASE_UNAVAILABLE = "The service's database is unavailable; send the request again shortly";
    /** The Retry-After of that 503, in seconds: a restarting database is usually back within seconds. */
    public static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    /** The detail of a 503 for a request the database rolled back to break a conflict with concurrent work. */
    public static final String CONCURRENT_CHANGE = "The request met a concurrent change and was not applied; send it again";
    /** The Retry-After of that 503, in seconds. */
    public static final int CONCURRENT_CHANGE_RETRY_AFTER_SECONDS = 1;

    /**
     * SQLSTATEs of PostgreSQL for values of the request it cannot take: 22021 (character_not_in_repertoire:
     * "invalid byte sequence for encoding UTF8: 0x00", which is how a U+0000 in a path, query, form or JSON
     * string ends), 22P05 (untranslatable_character) and 22008 (datetime_field_overflow: "timestamp out of range",
     * a date-time of year 300000 or -5000 in a filter or a cursor).
     */
    private static final Map<String, String> UNSTORABLE = Map.of("22021", UNSTORABLE_TEXT, "22P05", UNSTORABLE_TEXT,
            "22008", UNSTORABLE_TIME);

    @ServerExceptionMapper
    public RestResponse<Problem> api(ApiException e, UriInfo uri) {
        RestResponse.ResponseBuilder<Problem> response = problem(
                Problem.of(e.status(), e.title(), e.getMessage()).withErrors(e.errors()), uri);
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> validation(ResteasyReactiveViolationException e, UriInfo uri) {
        return violations(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> validation(ConstraintViolationException e, UriInfo uri) {
        return violations(e, uri);
    }

    /** Declared for the subtype too, or Quarkus' own mapper for it (a bare 400) would win. */
    @ServerExceptionMapper
    public RestResponse<Problem> json(MismatchedInputException e, UriInfo uri) {
        return json((JsonProcessingException) e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> json(JsonProcessingException e, UriInfo uri) {
        LOG.debugf(e, "Unreadable request body on %s", uri == null ? "?" : uri.getPath());
        String field = null;
        if (e instanceof JsonMappingException m) {
            field = fieldPath(m.getPath());
            if (field.isEmpty() && m.getProcessor() instanceof JsonParser parser) {
                field = fieldPath(parser.getParsingContext()); // Jackson leaves the path empty for some creator failures
            }
        } else if (e.getProcessor() instanceof JsonParser parser && !parser.getParsingContext().inRoot()) {
            // a token no JSON allows (NaN, +1, a stray byte) inside a member or an element
            field = fieldPath(parser.getParsingContext());
        }
        boolean mapping = e instanceof JsonMappingException;
        String detail = field == null || field.isEmpty()
                ? "The request body is not valid JSON: " + e.getOriginalMessage()
                : mapping ? "The request body has a value of the wrong type or form at '" + field + "'"
                : "The request body is not valid JSON at '" + field + "': " + e.getOriginalMessage();
        List<Problem.FieldError> errors = field == null || field.isEmpty()
                ? List.of() : List.of(new Problem.FieldError(field, mapping ? "wrong type or form" : "not valid JSON"));
        return problem(Problem.of(400, "Bad Request", detail).withErrors(errors), uri).build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e, UriInfo uri) {
        return problem(Problem.of(403, "Forbidden", "Your role does not allow this request"), uri).build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unauthorized(UnauthorizedException e, UriInfo uri) {
        return problem(Problem.of(401, "Unauthorized", "A valid bearer token is required"), uri)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException unreadable) {
            return json(unreadable, uri); // Quarkus wraps a body its reader could not parse: name the field as for the rest
        }
        if (status >= 500) {
            return internal(e, uri);
        }
        RestResponse.ResponseBuilder<Problem> response = problem(
                Problem.of(status, original.getStatusInfo().getReasonPhrase(), e.getMessage()), uri);
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public RestResponse<Problem> internal(Throwable e, UriInfo uri) {
        String unstorable = unstorableInput(e);
        if (unstorable != null) {
            LOG.debugf(e, "Request with a value PostgreSQL cannot store on %s", uri == null ? "?" : uri.getPath());
            return problem(Problem.of(400, "Bad Request", unstorable), uri).build();
        }
        ApiException unavailable = databaseUnavailable(e, uri);
        if (unavailable != null) {
            return api(unavailable, uri);
        }
        if (DatabaseFailures.rolledBack(e)) {
            // A deadlock or serialization failure with concurrent work that outlasted any retry: nothing was applied.
            LOG.warnf("Transaction rolled back for a conflict on %s: %s", uri == null ? "?" : uri.getPath(), e);
            return api(ApiException.unavailable(CONCURRENT_CHANGE, CONCURRENT_CHANGE_RETRY_AFTER_SECONDS), uri);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled error on %s (reference %s)", uri == null ? "?" : uri.getPath(), reference);
        return problem(Problem.of(500, "Internal Server Error",
                "The server failed to handle this request; reference " + reference), uri).build();
    }

    /**
     * The 503 (with Retry-After) for a request that met an unavailable database (refused or lost connection, a
     * server shutting down or starting, no pooled connection in time), or null when {@code e} is something else.
     * An outage is nobody's fault in the request, so never a 500.
     */
    public static ApiException databaseUnavailable(Throwable e, UriInfo uri) {
        if (!DatabaseFailures.unavailable(e)) {
            return null;
        }
        LOG.warnf("Database unavailable on %s: %s", uri == null ? "?" : uri.getPath(), e);
        return ApiException.unavailable(DATABASE_UNAVAILABLE, DATABASE_RETRY_AFTER_SECONDS);
    }

    /**
     * Why PostgreSQL refused a value of the request (a NUL in an id, a filter, a cursor or a body field; a date-time
     * out of its range), as the detail of a 400; null when {@code e} is no such refusal. Such a value is the
     * caller's fault, so a 400, never a 500: GridWatch never makes one itself.
     */
    public static String unstorableInput(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null && UNSTORABLE.containsKey(s.getSQLState())) {
                        return UNSTORABLE.get(s.getSQLState());
                    }
                }
            }
        }
        return null;
    }

    private RestResponse<Problem> violations(ConstraintViolationException e, UriInfo uri) {
        boolean returnValue = e.getConstraintViolations().stream()
                .anyMatch(v -> java.util.stream.StreamSupport.stream(v.getPropertyPath().spliterator(), false)
                        .anyMatch(n -> n.getKind() == ElementKind.RETURN_VALUE));
        if (returnValue) {
            return internal(e, uri); // the server produced an invalid response: its fault, not the caller's
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldName(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(java.util.Comparator.comparing(Problem.FieldError::field));
        return problem(Problem.of(400, "Bad Request", "The request has " + errors.size() + " invalid field(s)")
                .withErrors(errors), uri).build();
    }

    /** {@code create.body.location.lat} → {@code location.lat}; a query parameter keeps its own name. */
    static String fieldName(Path path) {
        List<String> names = new ArrayList<>();
        boolean afterParameter = false;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                names.add(node.getName());
                afterParameter = true;
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                // "<list element>" or "<map value>": name it by its position in the field before it
                String position = node.getIndex() != null ? "[" + node.getIndex() + "]"
                        : node.getKey() != null ? "[" + node.getKey() + "]" : "";
                if (afterParameter || names.isEmpty()) {
                    names.clear();
                    names.add(position);
                } else {
                    names.set(names.size() - 1, names.get(names.size() - 1) + position);
                }
                afterParameter = false;
                continue;
            }
            if (afterParameter && node.getName() != null) {
                names.clear(); // a field of the body: name the field, not the Java parameter
                afterParameter = false;
            }
            String name = node.getName() == null ? "" : node.getName();
            if (node.getIndex() != null) {
                name = name + "[" + node.getIndex() + "]";
            } else if (node.getKey() != null) {
                name = name + "[" + node.getKey() + "]";
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return String.join(".", names);
    }

    /** The position the parser had reached, as {@code location.lat} or {@code mediaUrls[2]}. */
    private static String fieldPath(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                parts.add(0, "[" + c.getCurrentIndex() + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static RestResponse.ResponseBuilder<Problem> problem(Problem problem, UriInfo uri) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .entity(uri == null ? problem : problem.withInstance(uri.getPath()))
                .type(Problem.MEDIA_TYPE);
    }
}
