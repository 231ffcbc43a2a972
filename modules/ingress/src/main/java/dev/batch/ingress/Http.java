package dev.batch.ingress;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small request helpers shared by the routes: parameters are validated once, errors name the parameter. */
final class Http {
    private Http() {}

    static int intParam(Context ctx, String name, int def, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return def;
        try {
            long v = Long.parseLong(raw.trim());
            if (v < min || v > max) throw new NumberFormatException();
            return (int) v;
        } catch (NumberFormatException e) {
            throw query(name, "must be an integer from " + min + " to " + max + ", got '" + raw + "'");
        }
    }

    static boolean boolParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return false;
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1":
                return true;
            case "false", "0":
                return false;
            default:
                throw query(name, "must be true or false, got '" + raw + "'");
        }
    }

    static String stringParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isBlank() ? null : raw;
    }

    /** An enum-valued parameter; the allowed values are the lower-case names. */
    static <E extends Enum<E>> E enumParam(Context ctx, String name, Class<E> type, List<E> allowed) {
        String raw = stringParam(ctx, name);
        if (raw == null) return null;
        for (E e : allowed) {
            if (e.name().equalsIgnoreCase(raw.trim())) return e;
        }
        throw query(name, "must be one of " + allowed.stream().map(Enum::name).toList() + ", got '" + raw + "'");
    }

    /** A cursor page as the SDK's {@code PaginatedCursor} reads it: {@code {items, next_page_token}}. */
    static Map<String, Object> cursorPage(List<?> items, String next) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("next_page_token", next);
        return out;
    }

    static ApiException query(String name, String message) {
        return new ApiException(
                422, name + ": " + message, List.of(new ApiException.FieldError(List.of("query", name), message)));
    }
}
