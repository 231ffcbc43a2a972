package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Fields the v2 job requests (classify, extract) read alike: the input id and short strings. */
final class V2Fields {
    static final String PARSE_JOB_PREFIX = "pjb-";

    private V2Fields() {}

    /**
     * The id a request names: {@code file_input}, or one of the deprecated fields it replaces
     * ({@code deprecated}, named in {@code deprecatedNames}); one id, once.
     */
    static String input(JsonNode body, List<String> deprecated, String deprecatedNames) {
        Set<String> given = new LinkedHashSet<>();
        for (String field :
                Stream.concat(Stream.of("file_input"), deprecated.stream()).toList()) {
            String v = text(body, field, 512);
            if (v != null) given.add(v);
        }
        if (given.size() > 1)
            throw ApiException.invalid(
                    "file_input",
                    "give one id: file_input, or the deprecated " + deprecatedNames
                            + (deprecated.size() == 1 ? ", not both" : ", not several"));
        if (given.isEmpty())
            throw ApiException.invalid(
                    "file_input", "field required: a file id, a directory file id (dfl-…) or a parse job id (pjb-…)");
        return given.iterator().next();
    }

    /** A non-empty string of at most {@code max} characters; null when absent. */
    static String text(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || v.asText().isBlank()) throw ApiException.invalid(field, "must be a non-empty string");
        if (v.asText().length() > max) throw ApiException.invalid(field, "at most " + max + " characters");
        return v.asText();
    }
}
