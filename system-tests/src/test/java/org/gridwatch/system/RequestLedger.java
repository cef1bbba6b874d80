package org.gridwatch.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Counts what a test class sends and how the services answer (by status class), and notes every answer that
 * breaks the error contract (DESIGN.md G6): any 5xx, and any 4xx whose body is not RFC 9457
 * {@code application/problem+json} with its own status, or within {@code /open311/v2} not the GeoReport v2 error
 * array ({@code [{code, description}]} with {@code code} = the status, or its XML form). A 4xx without a body
 * (the token check's 401, the HTTP layer's 413 and 414) is fine. Add it to requests with {@code given().filter(ledger)};
 * requests sent another way are recorded with {@link #record}.
 */
final class RequestLedger implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String owner;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicIntegerArray byClass = new AtomicIntegerArray(6);
    private final Queue<String> faults = new ConcurrentLinkedQueue<>();

    RequestLedger(String owner) {
        this.owner = owner;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        Response answer = ctx.next(request, response);
        record(request.getMethod(), request.getURI(), answer.statusCode(), answer.contentType(), answer.asString());
        return answer;
    }

    /** One exchange; {@code contentType} and {@code body} may be null or empty. */
    void record(String method, String uri, int status, String contentType, String body) {
        sent.incrementAndGet();
        byClass.incrementAndGet(Math.max(0, Math.min(5, status / 100)));
        String fault = fault(pathOf(uri), status, contentType == null ? "" : contentType, body == null ? "" : body);
        if (fault != null) {
            faults.add(method + " " + shorten(uri) + " -> " + status + ": " + fault);
        }
    }

    int sent() {
        return sent.get();
    }

    int count(int statusClass) {
        return byClass.get(statusClass);
    }

    List<String> faults() {
        return new ArrayList<>(faults);
    }

    /** {@code AuthorizationMatrixIT: 412 requests; 2xx 120, 3xx 0, 4xx 292, 5xx 0}. */
    String summary() {
        return "%s: %d requests; 2xx %d, 3xx %d, 4xx %d, 5xx %d".formatted(owner, sent(), count(2), count(3), count(4), count(5));
    }

    private static String fault(String path, int status, String contentType, String body) {
        if (status >= 500) {
            return "server error " + shorten(body);
        }
        if (status < 400 || body.isBlank()) {
            return null;
        }
        if (path.startsWith("/open311/")) {
            return open311Fault(status, contentType, body);
        }
        if (!contentType.startsWith("application/problem+json")) {
            return "a 4xx with a body must be application/problem+json, was '" + contentType + "': " + shorten(body);
        }
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem.path("status").asInt() != status || !problem.hasNonNull("title")) {
                return "problem without its status and title: " + shorten(body);
            }
        } catch (Exception e) {
            return "problem+json that is not JSON: " + shorten(body);
        }
        return null;
    }

    private static String open311Fault(int status, String contentType, String body) {
        if (contentType.contains("xml")) {
            return body.contains("<errors>") && body.contains("<code>" + status + "</code>") ? null
                    : "Open311 XML error without <errors><error><code>" + status + ": " + shorten(body);
        }
        try {
            JsonNode errors = JSON.readTree(body);
            if (contentType.startsWith("application/json") && errors.isArray() && !errors.isEmpty()
                    && errors.get(0).path("code").asInt() == status && errors.get(0).hasNonNull("description")) {
                return null;
            }
        } catch (Exception e) {
            // reported below
        }
        return "Open311 errors must be the spec's [{code, description}] array (" + contentType + "): " + shorten(body);
    }

    private static String pathOf(String uri) {
        try {
            String path = URI.create(uri).getRawPath();
            return path == null ? "" : path;
        } catch (IllegalArgumentException e) {
            int start = uri.indexOf('/', uri.indexOf("//") + 2);
            return start < 0 ? uri : uri.substring(start);
        }
    }

    static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
    }
}
