package dev.batch.ingress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A request the API refuses, raised once and rendered by one mapper as
 * {@code {"detail": "...", "errors": [{"loc": [...], "msg": "..."}]}}.
 */
final class ApiException extends RuntimeException {
    final int status;
    final List<FieldError> errors;
    /** Headers the answer carries (Retry-After). */
    final Map<String, String> headers;
    /** More top-level fields of the answer's body (a data schema problem's {@code pointer}). */
    final Map<String, Object> fields;

    ApiException(int status, String detail) {
        this(status, detail, List.of());
    }

    ApiException(int status, String detail, List<FieldError> errors) {
        this(status, detail, errors, Map.of());
    }

    private ApiException(int status, String detail, List<FieldError> errors, Map<String, String> headers) {
        this(status, detail, errors, headers, Map.of());
    }

    private ApiException(
            int status,
            String detail,
            List<FieldError> errors,
            Map<String, String> headers,
            Map<String, Object> fields) {
        super(detail);
        this.status = status;
        this.errors = errors;
        this.headers = headers;
        this.fields = fields;
    }

    /** This refusal with one more top-level field in its body. */
    ApiException with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(fields);
        more.put(name, value);
        return new ApiException(status, getMessage(), errors, headers, Map.copyOf(more));
    }

    static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiException(429, detail, List.of(), Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(422, field + ": " + message, List.of(new FieldError(List.of("body", field), message)));
    }

    static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }

    /**
     * This refusal with its field names rewritten by {@code name}: a route that builds a batch job
     * from a request of another shape names the fields its client sent.
     */
    ApiException renamed(UnaryOperator<String> name) {
        List<FieldError> renamed = errors.stream()
                .map(f -> new FieldError(f.loc().stream().map(name).toList(), f.msg()))
                .toList();
        String detail = getMessage();
        int colon = detail.indexOf(": ");
        if (colon > 0) detail = name.apply(detail.substring(0, colon)) + detail.substring(colon);
        return new ApiException(status, detail, renamed, headers, fields);
    }

    record FieldError(List<String> loc, String msg) {}
}
