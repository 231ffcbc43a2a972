package dev.batch.ingress;

import static dev.batch.ingress.JsonFields.cleared;
import static dev.batch.ingress.JsonFields.optionalText;
import static dev.batch.ingress.JsonFields.requiredText;

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
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * A directory's files, {@code /api/v1/beta/directories/{directory_id}/files}: add, upload, list,
 * get, update or move to another directory, (soft) delete. Each is kept under
 * {@code <directory id>/<directory file id>}; its {@code dfl-} id stays the same when it moves.
 */
final class DirectoryFileRoutes {
    private final Callers callers;
    private final CatalogAccess catalog;
    private final Topics topics;
    private final Clock clock;
    private final FileRoutes files;
    private final DirectoryRoutes directories;

    DirectoryFileRoutes(
            Callers callers,
            CatalogAccess catalog,
            Topics topics,
            Clock clock,
            FileRoutes files,
            DirectoryRoutes directories) {
        this.callers = callers;
        this.catalog = catalog;
        this.topics = topics;
        this.clock = clock;
        this.files = files;
        this.directories = directories;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.DIRECTORY_FILES, this::add);
        routes.post(ApiPaths.DIRECTORY_UPLOAD, this::upload);
        routes.get(ApiPaths.DIRECTORY_FILES, this::list);
        routes.get(ApiPaths.DIRECTORY_FILE, ctx -> ctx.json(view(directoryFile(ctx, callers.project(ctx)))));
        routes.patch(ApiPaths.DIRECTORY_FILE, this::update);
        routes.delete(ApiPaths.DIRECTORY_FILE, this::delete);
    }

    private void add(Context ctx) throws Exception {
        String project = callers.project(ctx);
        DirectoryRecord d = directories.directory(ctx, project, false);
        JsonNode body = Json.body(ctx);
        String fileId = requiredText(body, "file_id");
        Optional<FileRecord> file =
                catalog.lookup(topics.files, () -> catalog.view().file(fileId));
        if (file.isEmpty() || !file.get().getProjectId().equals(project)) {
            throw ApiException.invalid("file_id", "file '" + fileId + "' not found");
        }
        DirectoryFileRecord f = newEntry(
                d, file.get(), optionalText(body, "display_name"), optionalText(body, "unique_id"), metadata(body));
        catalog.publish(topics.directoryFiles, Topics.directoryFileKey(d.getDirectoryId(), f.getId()), f);
        ctx.status(201).json(view(f));
    }

    private void upload(Context ctx) throws Exception {
        String project = callers.project(ctx);
        DirectoryRecord d = directories.directory(ctx, project, false);
        FileRecord file =
                files.store(ctx, "upload_file", project, null, "external_file_id", "display_name", "user_data");
        DirectoryFileRecord f = newEntry(d, file, ctx.formParam("display_name"), ctx.formParam("unique_id"), null);
        catalog.publish(topics.directoryFiles, Topics.directoryFileKey(d.getDirectoryId(), f.getId()), f);
        ctx.status(201).json(view(f));
    }

    private DirectoryFileRecord newEntry(
            DirectoryRecord d, FileRecord file, String displayName, String uniqueId, String metadata) {
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
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .build();
    }

    private void list(Context ctx) {
        String project = callers.project(ctx);
        DirectoryRecord d = directories.directory(ctx, project, true);
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
                page.items().stream().map(DirectoryFileRoutes::view).toList(), page.next()));
    }

    /**
     * An absent field stays as it is; {@code null} sets {@code display_name} and {@code unique_id}
     * back to what adding the file gave them (the file's name, its id) and clears {@code metadata}.
     * A {@code directory_id} (the SDK sends {@code body_directory_id}) of another directory moves it.
     */
    private void update(Context ctx) throws Exception {
        String project = callers.project(ctx);
        DirectoryFileRecord f = directoryFile(ctx, project);
        JsonNode body = Json.body(ctx);
        String from = f.getDirectoryId();
        String to = target(body, project, from);
        if (body.has("display_name")) {
            f.setDisplayName(
                    cleared(body, "display_name")
                            ? fileName(f)
                            : FileRoutes.displayName(requiredText(body, "display_name")));
        }
        if (body.has("unique_id"))
            f.setUniqueId(cleared(body, "unique_id") ? f.getFileId() : requiredText(body, "unique_id"));
        if (body.has("metadata")) f.setMetadataJson(metadata(body));
        // Later than the record it replaces at the record's precision: the id index follows the later one.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        f.setUpdatedAt(now.isAfter(f.getUpdatedAt()) ? now : f.getUpdatedAt().plusMillis(1));
        f.setDirectoryId(to);
        catalog.publish(topics.directoryFiles, Topics.directoryFileKey(to, f.getId()), f);
        // A move writes the new key before deleting the old: cut off between the two, the file is in
        // both directories (a repeated PATCH finishes the move), never in neither.
        if (!to.equals(from)) catalog.publish(topics.directoryFiles, Topics.directoryFileKey(from, f.getId()), null);
        ctx.json(view(f));
    }

    /** The directory the body moves the file to, or {@code current}; another project's or an unknown one is a 422. */
    private String target(JsonNode body, String project, String current) {
        String field = body.hasNonNull("body_directory_id") ? "body_directory_id" : "directory_id";
        String id = optionalText(body, field);
        if (id == null || id.equals(current)) return current;
        return directories
                .find(id, project, false)
                .map(DirectoryRecord::getDirectoryId)
                .orElseThrow(() -> ApiException.invalid(field, "directory '" + id + "' not found"));
    }

    /** The name a cleared display name goes back to: the file's, or the one it has if the file is gone. */
    private String fileName(DirectoryFileRecord f) {
        return catalog.view().file(f.getFileId()).map(FileRecord::getName).orElse(f.getDisplayName());
    }

    private void delete(Context ctx) throws Exception {
        DirectoryFileRecord f = directoryFile(ctx, callers.project(ctx));
        Instant now = clock.instant();
        f.setDeletedAt(now);
        f.setUpdatedAt(now);
        catalog.publish(topics.directoryFiles, Topics.directoryFileKey(f.getDirectoryId(), f.getId()), f);
        ctx.status(204);
    }

    private DirectoryFileRecord directoryFile(Context ctx, String project) {
        DirectoryRecord d = directories.directory(ctx, project, true);
        String id = ctx.pathParam("directory_file_id");
        return catalog.lookup(topics.directoryFiles, () -> catalog.view().directoryFile(d.getDirectoryId(), id))
                .orElseThrow(() -> ApiException.notFound("directory file " + id));
    }

    private static String metadata(JsonNode body) {
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

    private static Views.DirectoryFileView view(DirectoryFileRecord f) {
        return Views.DirectoryFileView.of(f, Json.MAPPER);
    }
}
