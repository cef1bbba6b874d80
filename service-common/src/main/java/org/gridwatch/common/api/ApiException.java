package org.gridwatch.common.api;

import java.util.List;

/**
 * A refusal the caller can act on, carried to the client as problem+json with its status:
 * 404 not found, 409 conflict, 412 stale version, 422 rule broken, 429 too many, 503 try later.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String title, String detail, List<Problem.FieldError> errors, Integer retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail, null, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, null, null);
    }

    public static ApiException preconditionFailed(String detail) {
        return new ApiException(412, "Precondition Failed", detail, null, null);
    }

    public static ApiException unprocessable(String detail, List<Problem.FieldError> errors) {
        return new ApiException(422, "Unprocessable Content", detail, errors, null);
    }

    public static ApiException badRequest(String detail, List<Problem.FieldError> errors) {
        return new ApiException(400, "Bad Request", detail, errors, null);
    }

    public static ApiException unavailable(String detail, int retryAfterSeconds) {
        return new ApiException(503, "Service Unavailable", detail, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
