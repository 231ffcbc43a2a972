package dev.batch.ingress;

import static dev.batch.ingress.JsonFields.optionalText;
import static dev.batch.ingress.JsonFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.catalog.Catalog;
import dev.batch.common.kafka.Topics;
import dev.batch.events.DirectoryRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code /api/v1/beta/directories}: create, list, get, patch, (soft) delete; their files in {@link DirectoryFileRoutes}. */
final class DirectoryRoutes {
    private final Callers callers;
    private final CatalogAccess catalog;
    private final Topics topics;
    private final Clock clock;
    private final DirectoryFileRoutes files;

    DirectoryRoutes(Callers callers, CatalogAccess catalog, Topics topics, Clock clock, FileRoutes files) {
        this.callers = callers;
        this.catalog = catalog;
        this.topics = topics;
        this.clock = clock;
        this.files = new DirectoryFileRoutes(callers, catalog, topics, clock, files, this);
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.DIRECTORIES, this::create);
        routes.get(ApiPaths.DIRECTORIES, this::list);
        routes.get(
                ApiPaths.DIRECTORY,
                ctx -> ctx.json(Views.DirectoryView.of(directory(ctx, callers.project(ctx), true))));
        routes.patch(ApiPaths.DIRECTORY, this::update);
        routes.delete(ApiPaths.DIRECTORY, this::delete);
        files.register(routes);
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

    /** An absent field stays as it is; {@code description: null} clears it, {@code name: null} is refused. */
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

    /** The path's directory if it is the project's (and not deleted, unless {@code includeDeleted}); else 404. */
    DirectoryRecord directory(Context ctx, String project, boolean includeDeleted) {
        String id = ctx.pathParam("directory_id");
        return find(id, project, includeDeleted).orElseThrow(() -> ApiException.notFound("directory " + id));
    }

    /** A directory of the project, found even if written through another instance a moment ago. */
    Optional<DirectoryRecord> find(String id, String project, boolean includeDeleted) {
        return catalog.lookup(topics.directories, () -> catalog.view().directory(id))
                .filter(d -> d.getProjectId().equals(project) && (includeDeleted || d.getDeletedAt() == null));
    }
}
