package org.gridwatch.intake.open311;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Problem;

/**
 * A refusal within {@code /open311/v2}, answered with its HTTP status and the GeoReport v2 error array
 * (each error's {@code code} is that status). Refusals of the shared submission flow are translated here,
 * with GridWatch's field names turned into the Open311 ones.
 */
public class Open311Exception extends RuntimeException {

    /** Fields of {@code ReportRequest} by the Open311 argument that fills them. */
    private static final Map<String, String> OPEN311_NAMES = Map.of(
            "category", "service_code",
            "description", "description",
            "location.lat", "lat",
            "location.lon", "long",
            "address", "address_string",
            "mediaUrls", "media_url");

    private final int status;
    private final List<Open311Error> errors;
    private final Integer retryAfterSeconds;

    public Open311Exception(int status, String description) {
        this(status, List.of(description), null);
    }

    /** One error per description, each with the status as its code. */
    public Open311Exception(int status, List<String> descriptions) {
        this(status, descriptions, null);
    }

    private Open311Exception(int status, List<String> descriptions, Integer retryAfterSeconds) {
        super(String.join("; ", descriptions));
        this.status = status;
        this.errors = descriptions.stream().map(d -> new Open311Error(status, d)).toList();
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A refusal of the submission flow (422 unknown service, 429, 503, ...), with its Retry-After. */
    public static Open311Exception of(ApiException e) {
        List<String> descriptions = new ArrayList<>();
        for (Problem.FieldError f : e.errors()) {
            descriptions.add(open311Name(f.field()) + ": " + f.message());
        }
        if (descriptions.isEmpty()) {
            descriptions.add(e.getMessage());
        }
        return new Open311Exception(e.status(), descriptions, e.retryAfterSeconds());
    }

    /** Bean Validation of the report (400), one error per violated field. */
    public static Open311Exception of(ConstraintViolationException e) {
        List<String> descriptions = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString()))
                .map(v -> open311Name(beanPath(v.getPropertyPath())) + ": " + v.getMessage())
                .toList();
        return new Open311Exception(400, descriptions, null);
    }

    public int status() {
        return status;
    }

    public List<Open311Error> errors() {
        return errors;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** {@code submit.request.location.lat} → {@code location.lat}: the properties below the method parameter. */
    private static String beanPath(Path path) {
        StringJoiner names = new StringJoiner(".");
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PROPERTY) {
                names.add(node.getName());
            }
        }
        return names.toString();
    }

    private static String open311Name(String field) {
        String bare = field.replaceAll("\\[.*?]", "");
        return OPEN311_NAMES.getOrDefault(bare, field);
    }
}
