package org.gridwatch.resolution.api;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Page;
import org.gridwatch.common.api.Problem;
import org.gridwatch.common.api.Roles;
import org.gridwatch.common.security.Caller;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.resolution.domain.Transition;
import org.gridwatch.resolution.service.TicketQueries;
import org.gridwatch.resolution.service.TicketTransitions;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;

/** Department staff's view of their tickets, and their actions on them. */
@Path("/api/v1/tickets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.STAFF)
public class TicketResource {

    /** The actions staff may take; the reporter's confirm and dispute come over Kafka, not from here. */
    private static final List<Transition> STAFF_ACTIONS =
            List.of(Transition.ACCEPT, Transition.START, Transition.RESOLVE, Transition.REJECT, Transition.RETURN);

    private final TicketQueries queries;
    private final TicketTransitions transitions;
    private final SecurityIdentity identity;

    public TicketResource(TicketQueries queries, TicketTransitions transitions, SecurityIdentity identity) {
        this.queries = queries;
        this.transitions = transitions;
        this.identity = identity;
    }

    /** The department's tickets, the earliest resolve deadline first; {@code area} matches any code of the area path. */
    @GET
    public Page<TicketView> list(@QueryParam("status") String status, @QueryParam("category") String category,
                                 @QueryParam("area") String area, @QueryParam("overdue") String overdue,
                                 @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        TicketQueries.Filter filter = new TicketQueries.Filter(parseStatus(status), blankToNull(category), blankToNull(area),
                parseBoolean("overdue", overdue));
        return queries.list(department(), filter, cursor, Page.limit(limit));
    }

    /** A ticket of the caller's department, with its reports and history; its ETag is its version. */
    @GET
    @Path("/{id}")
    public RestResponse<TicketView> get(@PathParam("id") String id) {
        return withTag(queries.find(id, department()).orElseThrow(() -> TicketQueries.notFound(id)));
    }

    /** accept, start, resolve, reject or return; {@code If-Match} must carry the version the caller saw. */
    @POST
    @Path("/{id}/{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<TicketView> act(@PathParam("id") String id, @PathParam("action") String action,
                                        @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid TransitionRequest body) {
        Transition transition = STAFF_ACTIONS.stream()
                .filter(t -> t.name().equalsIgnoreCase(action))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("No action '" + action + "'; use accept, start, resolve, reject or return"));
        long version = parseIfMatch(ifMatch);
        TransitionRequest request = body == null ? new TransitionRequest(null, null) : body;
        return withTag(transitions.byStaff(id, department(), transition, version, "staff:" + Caller.of(identity).subject(),
                request.note(), request.evidenceUrls()));
    }

    private String department() {
        return Caller.of(identity).department();
    }

    private static RestResponse<TicketView> withTag(TicketView ticket) {
        return RestResponse.ResponseBuilder.ok(ticket)
                .tag(new EntityTag(Long.toString(ticket.version())))
                .build();
    }

    /** {@code "3"}, {@code W/"3"} or a bare {@code 3}; anything else cannot match a version, so it is stale. */
    private static long parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiException(428, "Precondition Required",
                    "Send If-Match with the ticket's ETag (its version) to change it", null, null);
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw ApiException.preconditionFailed("If-Match '" + ifMatch + "' is not a version of this ticket");
        }
    }

    private static TicketStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return TicketStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw badParameter("status", "one of " + List.of(TicketStatus.values()));
        }
    }

    private static Boolean parseBoolean(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw badParameter(name, "true or false");
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static ApiException badParameter(String name, String expected) {
        return ApiException.badRequest("Query parameter '" + name + "' must be " + expected,
                List.of(new Problem.FieldError(name, "must be " + expected)));
    }
}
