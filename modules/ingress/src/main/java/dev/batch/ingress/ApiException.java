package dev.batch.ingress;

import java.util.List;

/**
 * A request the API refuses, raised once and rendered by one mapper as
 * {@code {"detail": "...", "errors": [{"loc": [...], "msg": "..."}]}}.
 */
final class ApiException extends RuntimeException {
    final int status;
    final List<FieldError> errors;

    ApiException(int status, String detail) {
        this(status, detail, List.of());
    }

    ApiException(int status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = errors;
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(422, field + ": " + message, List.of(new FieldError(List.of("body", field), message)));
    }

    static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }

    record FieldError(List<String> loc, String msg) {}
}
