package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.catalog.Catalog;
import dev.batch.common.kafka.Topics;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code /api/v1/beta/directories} and their files: create, list, get, patch, (soft) delete, add, upload. */
final class DirectoryRoutes {
    private static final String DIRS = IngressApp.API + "/directories";
    private final IngressApp app;
    private final FileRoutes files;

    DirectoryRoutes(IngressApp app, FileRoutes files) {
        this.app = app;
        this.files = files;
    }

    void register(RoutesConfig routes) {
        routes.post(DIRS, this::create);
        routes.get(DIRS, this::list);
        routes.get(DIRS + "/{directory_id}", ctx -> ctx.json(Views.DirectoryView.of(directory(ctx, app.project(ctx), true))));
        routes.patch(DIRS + "/{directory_id}", this::update);
        routes.delete(DIRS + "/{directory_id}", this::delete);
        routes.post(DIRS + "/{directory_id}/files", this::addFile);
        routes.post(DIRS + "/{directory_id}/files/upload", this::uploadFile);
        routes.get(DIRS + "/{directory_id}/files", this::listFiles);
        routes.get(DIRS + "/{directory_id}/files/{directory_file_id}", ctx ->
                ctx.json(Views.DirectoryFileView.of(directoryFile(ctx, app.project(ctx)), app.json)));
        routes.patch(DIRS + "/{directory_id}/files/{directory_file_id}", this::updateFile);
        routes.delete(DIRS + "/{directory_id}/files/{directory_file_id}", this::deleteFile);
    }

    private void create(Context ctx) throws Exception {
        String project = app.project(ctx);
        JsonNode body = app.body(ctx);
        String name = requiredText(body, "name");
        Instant now = app.deps.clock().instant();
        DirectoryRecord d = DirectoryRecord.newBuilder()
                .setDirectoryId("dir-" + UUID.randomUUID())
                .setProjectId(project)
                .setName(name)
                .setDescription(optionalText(body, "description"))
                .setDataSourceId(optionalText(body, "data_source_id"))
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .build();
        app.publishCatalog(app.deps.topics().directories, d.getDirectoryId(), d);
        ctx.status(201).json(Views.DirectoryView.of(d));
    }

    private void list(Context ctx) {
        String project = app.project(ctx);
        int pageSize = Http.intParam(ctx, "page_size", 50, 1, 1000);
        boolean includeDeleted = Http.boolParam(ctx, "include_deleted");
        String name = Http.stringParam(ctx, "name");
        String source = Http.stringParam(ctx, "data_source_id");
        Catalog.Page<DirectoryRecord> page = app.deps.catalog().directories(project, Http.stringParam(ctx, "page_token"), pageSize, d ->
                (includeDeleted || d.getDeletedAt() == null)
                        && (name == null || name.equals(d.getName()))
                        && (source == null || source.equals(d.getDataSourceId())));
        ctx.json(Http.cursorPage(page.items().stream().map(Views.DirectoryView::of).toList(), page.next()));
    }

    private void update(Context ctx) throws Exception {
        DirectoryRecord d = directory(ctx, app.project(ctx), false);
        JsonNode body = app.body(ctx);
        if (body.has("name")) d.setName(requiredText(body, "name"));
        if (body.has("description")) d.setDescription(optionalText(body, "description"));
        d.setUpdatedAt(app.deps.clock().instant());
        app.publishCatalog(app.deps.topics().directories, d.getDirectoryId(), d);
        ctx.json(Views.DirectoryView.of(d));
    }

    private void delete(Context ctx) throws Exception {
        DirectoryRecord d = directory(ctx, app.project(ctx), false);
        Instant now = app.deps.clock().instant();
        d.setDeletedAt(now);
        d.setUpdatedAt(now);
        app.publishCatalog(app.deps.topics().directories, d.getDirectoryId(), d);
        ctx.status(204);
    }

    private void addFile(Context ctx) throws Exception {
        String project = app.project(ctx);
        DirectoryRecord d = directory(ctx, project, false);
        JsonNode body = app.body(ctx);
        String fileId = requiredText(body, "file_id");
        Optional<FileRecord> file = app.lookup(app.deps.topics().files, () -> app.deps.catalog().file(fileId));
        if (file.isEmpty() || !file.get().getProjectId().equals(project)) {
            throw ApiException.invalid("file_id", "file '" + fileId + "' not found");
        }
        DirectoryFileRecord f = newEntry(d, file.get(), optionalText(body, "display_name"), optionalText(body, "unique_id"),
                metadata(body), null);
        app.publishCatalog(app.deps.topics().directoryFiles, Topics.directoryFileKey(d.getDirectoryId(), f.getId()), f);
        ctx.status(201).json(Views.DirectoryFileView.of(f, app.json));
    }

    private void uploadFile(Context ctx) throws Exception {
        String project = app.project(ctx);
        DirectoryRecord d = directory(ctx, project, false);
        FileRecord file = files.store(ctx, "upload_file", project, null, "external_file_id", "display_name", "user_data");
        DirectoryFileRecord f = newEntry(d, file, ctx.formParam("display_name"), ctx.formParam("unique_id"), null, null);
        app.publishCatalog(app.deps.topics().directoryFiles, Topics.directoryFileKey(d.getDirectoryId(), f.getId()), f);
        ctx.status(201).json(Views.DirectoryFileView.of(f, app.json));
    }

    private DirectoryFileRecord newEntry(DirectoryRecord d, FileRecord file, String displayName, String uniqueId, String metadata,
                                         String dataSource) {
        Instant now = app.deps.clock().instant();
        return DirectoryFileRecord.newBuilder()
                .setId("dfl-" + UUID.randomUUID())
                .setDirectoryId(d.getDirectoryId())
                .setProjectId(d.getProjectId())
                .setFileId(file.getFileId())
                .setDisplayName(displayName == null || displayName.isBlank() ? file.getName() : FileRoutes.displayName(displayName))
                .setUniqueId(uniqueId == null || uniqueId.isBlank() ? file.getFileId() : uniqueId)
                .setMetadataJson(metadata)
                .setDataSourceId(dataSource)
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .build();
    }

    private void listFiles(Context ctx) {
        String project = app.project(ctx);
        DirectoryRecord d = directory(ctx, project, true);
        int pageSize = Http.intParam(ctx, "page_size", 50, 1, 1000);
        boolean includeDeleted = Http.boolParam(ctx, "include_deleted");
        String displayName = Http.stringParam(ctx, "display_name");
        String contains = Http.stringParam(ctx, "display_name_contains");
        String fileId = Http.stringParam(ctx, "file_id");
        String uniqueId = Http.stringParam(ctx, "unique_id");
        Catalog.Page<DirectoryFileRecord> page = app.deps.catalog().directoryFiles(d.getDirectoryId(), Http.stringParam(ctx, "page_token"),
                pageSize, f -> (includeDeleted || f.getDeletedAt() == null)
                        && (displayName == null || displayName.equals(f.getDisplayName()))
                        && (contains == null || f.getDisplayName().toLowerCase().contains(contains.toLowerCase()))
                        && (fileId == null || fileId.equals(f.getFileId()))
                        && (uniqueId == null || uniqueId.equals(f.getUniqueId())));
        ctx.json(Http.cursorPage(page.items().stream().map(f -> Views.DirectoryFileView.of(f, app.json)).toList(), page.next()));
    }

    private void updateFile(Context ctx) throws Exception {
        String project = app.project(ctx);
        DirectoryFileRecord f = directoryFile(ctx, project);
        JsonNode body = app.body(ctx);
        if (body.hasNonNull("body_directory_id") || body.hasNonNull("directory_id")) {
            String target = body.hasNonNull("body_directory_id") ? body.get("body_directory_id").asText() : body.get("directory_id").asText();
            if (!target.equals(f.getDirectoryId())) {
                throw ApiException.invalid("directory_id", "moving a file to another directory is not supported; add it there instead");
            }
        }
        if (body.has("display_name")) f.setDisplayName(FileRoutes.displayName(requiredText(body, "display_name")));
        if (body.has("unique_id")) f.setUniqueId(requiredText(body, "unique_id"));
        if (body.has("metadata")) f.setMetadataJson(metadata(body));
        f.setUpdatedAt(app.deps.clock().instant());
        app.publishCatalog(app.deps.topics().directoryFiles, Topics.directoryFileKey(f.getDirectoryId(), f.getId()), f);
        ctx.json(Views.DirectoryFileView.of(f, app.json));
    }

    private void deleteFile(Context ctx) throws Exception {
        DirectoryFileRecord f = directoryFile(ctx, app.project(ctx));
        Instant now = app.deps.clock().instant();
        f.setDeletedAt(now);
        f.setUpdatedAt(now);
        app.publishCatalog(app.deps.topics().directoryFiles, Topics.directoryFileKey(f.getDirectoryId(), f.getId()), f);
        ctx.status(204);
    }

    private DirectoryRecord directory(Context ctx, String project, boolean includeDeleted) {
        String id = ctx.pathParam("directory_id");
        Optional<DirectoryRecord> d = app.lookup(app.deps.topics().directories, () -> app.deps.catalog().directory(id));
        if (d.isEmpty() || !d.get().getProjectId().equals(project) || (!includeDeleted && d.get().getDeletedAt() != null)) {
            throw ApiException.notFound("directory " + id);
        }
        return d.get();
    }

    private DirectoryFileRecord directoryFile(Context ctx, String project) {
        DirectoryRecord d = directory(ctx, project, true);
        String id = ctx.pathParam("directory_file_id");
        return app.lookup(app.deps.topics().directoryFiles, () -> app.deps.catalog().directoryFile(d.getDirectoryId(), id))
                .orElseThrow(() -> ApiException.notFound("directory file " + id));
    }

    private String metadata(JsonNode body) {
        JsonNode m = body.get("metadata");
        if (m == null || m.isNull()) return null;
        if (!m.isObject()) throw ApiException.invalid("metadata", "must be an object of strings, numbers, booleans or nulls");
        m.fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode()) throw ApiException.invalid("metadata." + e.getKey(), "must be a string, number, boolean or null");
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
