package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.events.FileRecord;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a files listing keeps: {@code file_ids} (none: all), {@code file_name}, {@code external_file_id},
 * {@code data_source_id}. Files here are uploaded, none comes from a data source, so a
 * {@code data_source_id} keeps none and {@code only_manually_uploaded} keeps them all.
 */
record FileFilter(Set<String> ids, String name, String externalId, String dataSourceId)
        implements Predicate<FileRecord> {

    @Override
    public boolean test(FileRecord f) {
        return (ids.isEmpty() || ids.contains(f.getFileId()))
                && (name == null || name.equals(f.getName()))
                && (externalId == null || externalId.equals(f.getExternalFileId()))
                && dataSourceId == null;
    }

    /** {@code GET /files}'s query parameters. */
    static FileFilter of(Context ctx) {
        return new FileFilter(
                new HashSet<>(ctx.queryParams("file_ids")),
                Http.stringParam(ctx, "file_name"),
                Http.stringParam(ctx, "external_file_id"),
                null);
    }

    /**
     * {@code POST /files/query}'s {@code filter} (null: all of the project's files); its
     * {@code project_id} must be the caller's project or absent.
     */
    static FileFilter of(JsonNode filter, String project) {
        if (filter == null || filter.isNull()) return new FileFilter(Set.of(), null, null, null);
        if (!filter.isObject()) throw ApiException.invalid("filter", "must be an object or null");
        String asked = text(filter, "project_id");
        if (asked != null && !asked.equals(project))
            throw ApiException.invalid("filter.project_id", "must be the project of the API key or absent");
        JsonNode manual = filter.get("only_manually_uploaded");
        if (manual != null && !manual.isNull() && !manual.isBoolean())
            throw ApiException.invalid("filter.only_manually_uploaded", "must be true, false or null");
        return new FileFilter(
                ids(filter.get("file_ids")),
                text(filter, "file_name"),
                text(filter, "external_file_id"),
                text(filter, "data_source_id"));
    }

    private static Set<String> ids(JsonNode ids) {
        if (ids == null || ids.isNull()) return Set.of();
        if (!ids.isArray()) throw ApiException.invalid("filter.file_ids", "must be a list of file ids or null");
        Set<String> out = new HashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) throw ApiException.invalid("filter.file_ids", "every id must be a string");
            out.add(id.asText());
        }
        return out;
    }

    private static String text(JsonNode filter, String field) {
        JsonNode v = filter.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiException.invalid("filter." + field, "must be a string or null");
        return v.asText();
    }
}
