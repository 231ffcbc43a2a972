package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.catalog.Catalog;
import dev.batch.common.kafka.Topics;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code /api/v1/beta/directories} and their files: create, list, get, patch, (soft) delete, add, upload. */
final class DirectoryRoutes {
    private final Callers callers;
    private final CatalogAccess catalog;
    private final Topics topics;
    private final Clock clock;
    private final FileRoutes files;

    DirectoryRoutes(Callers callers, CatalogAccess catalog, Topics topics, Clock clock, FileRoutes files) {
        this.callers = callers;
        this.catalog = catalog;
        this.topics = topics;
        this.clock = clock;
        this.files = files;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.DIRECTORIES, this::create);
        routes.get(ApiPaths.DIRECTORIES, this::list);
        routes.get(
                ApiPaths.DIRECTORY,
                ctx -> ctx.json(Views.DirectoryView.of(directory(ctx, callers.project(ctx), true))));
        routes.patch(ApiPaths.DIRECTORY, this::update);
        routes.delete(ApiPaths.DIRECTORY, this::delete);
        routes.post(ApiPaths.DIRECTORY_FILES, this::addFile);
        routes.post(ApiPaths.DIRECTORY_UPLOAD, this::uploadFile);
        routes.get(ApiPaths.DIRECTORY_FILES, this::listFiles);
        routes.get(
                ApiPaths.DIRECTORY_FILE,
                ctx -> ctx.json(Views.DirectoryFileView.of(directoryFile(ctx, callers.project(ctx)), Json.MAPPER)));
        routes.patch(ApiPaths.DIRECTORY_FILE, this::updateFile);
        routes.delete(ApiPaths.DIRECTORY_FILE, this::deleteFile);
    }

    private void create(Context ctx) throws Exception {
        String project = callers.project(ctx);
        JsonNode body = Json.body(ctx);
        String name = requiredText(body, "name");
        Instant now = clock.instant();
        DirectoryRecord d = DirectoryRecord.newBuilder()
                .setDirectoryId("dir-" + UUID.randomUUID())
                .setProjectId(project)
                .setName(name)
                .setDescription(optionalText(body, "description"))
                .setDataSourceId(optionalText(body, "data_source_id"))
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .build();
        catalog.publish(topics.directories, d.getDirectoryId(), d);
        ctx.status(201).json(Views.DirectoryView.of(d));
    }

    private void list(Context ctx) {
        String project = callers.project(ctx);
        int pageSize = Http.intParam(ctx, "page_size", 50, 1, 1000);
        boolean includeDeleted = Http.boolParam(ctx, "include_deleted");
        String name = Http.stringParam(ctx, "name");
        String source = Http.stringParam(ctx, "data_source_id");
        Catalog.Page<DirectoryRecord> page = catalog.view()
                .directories(
                        project,
                        Http.stringParam(ctx, "page_token"),
                        pageSize,
                        d -> (includeDeleted || d.getDeletedAt() == null)
                                && (name == null || name.equals(d.getName()))
                                && (source == null || source.equals(d.getDataSourceId())));
        ctx.json(Http.cursorPage(
                page.items().stream().map(Views.DirectoryView::of).toList(), page.next()));
    }

    private void update(Context ctx) throws Exception {
        DirectoryRecord d = directory(ctx, callers.project(ctx), false);
        JsonNode body = Json.body(ctx);
        if (body.has("name")) d.setName(requiredText(body, "name"));
        if (body.has("description")) d.setDescription(optionalText(body, "description"));
        d.setUpdatedAt(clock.instant());
        catalog.publish(topics.directories, d.getDirectoryId(), d);
        ctx.json(Views.DirectoryView.of(d));
    }

    private void delete(Context ctx) throws Exception {
        DirectoryRecord d = directory(ctx, callers.project(ctx), false);
        Instant now = clock.instant();
        d.setDeletedAt(now);
        d.setUpdatedAt(now);
        catalog.publish(topics.directories, d.getDirectoryId(), d);
        ctx.status(204);
    }

    private void addFile(Context ctx) throws Exception {
        String project = callers.project(ctx);
        DirectoryRecord d = directory(ctx, project, false);
        JsonNode body = Json.body(ctx);
        String fileId = requiredText(body, "file_id");
        Optional<FileRecord> file =
                catalog.lookup(topics.files, () -> catalog.view().file(fileId));
        if (file.isEmpty() || !file.get().getProjectId().equals(project)) {
            throw ApiException.invalid("file_id", "file '" + fileId + "' not found");
        }
        DirectoryFileRecord f = newEntry(
                d,
                file.get(),
                optionalText(body, "display_name"),
                optionalText(body, "unique_id"),
                metadata(body),
                null);
        catalog.publish(topics.directoryFiles, Topics.directoryFileKey(d.getDirectoryId(), f.getId()), f);
        ctx.status(201).json(Views.DirectoryFileView.of(f, Json.MAPPER));
    }

    private void uploadFile(Context ctx) throws Exception {
        String project = callers.project(ctx);
        DirectoryRecord d = directory(ctx, project, false);
        FileRecord file =
                files.store(ctx, "upload_file", project, null, "external_file_id", "display_name", "user_data");
        DirectoryFileRecord f =
                newEntry(d, file, ctx.formParam("display_name"), ctx.formParam("unique_id"), null, null);
        catalog.publish(topics.directoryFiles, Topics.directoryFileKey(d.getDirectoryId(), f.getId()), f);
        ctx.status(201).json(Views.DirectoryFileView.of(f, Json.MAPPER));
    }

    private DirectoryFileRecord newEntry(
            DirectoryRecord d,
            FileRecord file,
            String displayName,
            String uniqueId,
            String metadata,
            String dataSource) {
        Instant now = clock.instant();
        return DirectoryFileRecord.newBuilder()
                .setId("dfl-" + UUID.randomUUID())
                .setDirectoryId(d.getDirectoryId())
                .setProjectId(d.getProjectId())
                .setFileId(file.getFileId())
                .setDisplayName(
                        displayName == null || displayName.isBlank()
                                ? file.getName()
                                : FileRoutes.displayName(displayName))
                .setUniqueId(uniqueId == null || uniqueId.isBlank() ? file.getFileId() : uniqueId)
                .setMetadataJson(metadata)
                .setDataSourceId(dataSource)
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .build();
    }

    private void listFiles(Context ctx) {
        String project = callers.project(ctx);
        DirectoryRecord d = directory(ctx, project, true);
        int pageSize = Http.intParam(ctx, "page_size", 50, 1, 1000);
        boolean includeDeleted = Http.boolParam(ctx, "include_deleted");
        String displayName = Http.stringParam(ctx, "display_name");
        String contains = Http.stringParam(ctx, "display_name_contains");
        String fileId = Http.stringParam(ctx, "file_id");
        String uniqueId = Http.stringParam(ctx, "unique_id");
        Catalog.Page<DirectoryFileRecord> page = catalog.view()
                .directoryFiles(
                        d.getDirectoryId(),
                        Http.stringParam(ctx, "page_token"),
                        pageSize,
                        f -> (includeDeleted || f.getDeletedAt() == null)
                                && (displayName == null || displayName.equals(f.getDisplayName()))
                                && (contains == null
                                        || f.getDisplayName().toLowerCase().contains(contains.toLowerCase()))
                                && (fileId == null || fileId.equals(f.getFileId()))
                                && (uniqueId == null || uniqueId.equals(f.getUniqueId())));
        ctx.json(Http.cursorPage(
                page.items().stream()
                        .map(f -> Views.DirectoryFileView.of(f, Json.MAPPER))
                        .toList(),
                page.next()));
    }

    private void updateFile(Context ctx) throws Exception {
        String project = callers.project(ctx);
        DirectoryFileRecord f = directoryFile(ctx, project);
        JsonNode body = Json.body(ctx);
        if (body.hasNonNull("body_directory_id") || body.hasNonNull("directory_id")) {
            String target = body.hasNonNull("body_directory_id")
                    ? body.get("body_directory_id").asText()
                    : body.get("directory_id").asText();
            if (!target.equals(f.getDirectoryId())) {
                throw ApiException.invalid(
                        "directory_id", "moving a file to another directory is not supported; add it there instead");
            }
        }
        if (body.has("display_name")) f.setDisplayName(FileRoutes.displayName(requiredText(body, "display_name")));
        if (body.has("unique_id")) f.setUniqueId(requiredText(body, "unique_id"));
        if (body.has("metadata")) f.setMetadataJson(metadata(body));
        f.setUpdatedAt(clock.instant());
        catalog.publish(topics.directoryFiles, Topics.directoryFileKey(f.getDirectoryId(), f.getId()), f);
        ctx.json(Views.DirectoryFileView.of(f, Json.MAPPER));
    }

    private void deleteFile(Context ctx) throws Exception {
        DirectoryFileRecord f = directoryFile(ctx, callers.project(ctx));
        Instant now = clock.instant();
        f.setDeletedAt(now);
        f.setUpdatedAt(now);
        catalog.publish(topics.directoryFiles, Topics.directoryFileKey(f.getDirectoryId(), f.getId()), f);
        ctx.status(204);
    }

    private DirectoryRecord directory(Context ctx, String project, boolean includeDeleted) {
        String id = ctx.pathParam("directory_id");
        Optional<DirectoryRecord> d =
                catalog.lookup(topics.directories, () -> catalog.view().directory(id));
        if (d.isEmpty()
                || !d.get().getProjectId().equals(project)
                || (!includeDeleted && d.get().getDeletedAt() != null)) {
            throw ApiException.notFound("directory " + id);
        }
        return d.get();
    }

    private DirectoryFileRecord directoryFile(Context ctx, String project) {
        DirectoryRecord d = directory(ctx, project, true);
        String id = ctx.pathParam("directory_file_id");
        return catalog.lookup(topics.directoryFiles, () -> catalog.view().directoryFile(d.getDirectoryId(), id))
                .orElseThrow(() -> ApiException.notFound("directory file " + id));
    }

    private String metadata(JsonNode body) {
        JsonNode m = body.get("metadata");
        if (m == null || m.isNull()) return null;
        if (!m.isObject())
            throw ApiException.invalid("metadata", "must be an object of strings, numbers, booleans or nulls");
        m.fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode())
                throw ApiException.invalid("metadata." + e.getKey(), "must be a string, number, boolean or null");
        });
        return m.toString();
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw ApiException.invalid(field, "field required");
        if (!v.isTextual() || v.asText().isBlank()) throw ApiException.invalid(field, "must be a non-empty string");
        if (v.asText().length() > 1024) throw ApiException.invalid(field, "must be at most 1024 characters");
        return v.asText();
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiException.invalid(field, "must be a string");
        return v.asText();
    }
}
