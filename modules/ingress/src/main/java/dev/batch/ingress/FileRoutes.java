package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.Ids;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.catalog.Catalog;
import dev.batch.common.kafka.Topics;
import dev.batch.events.FileRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code /api/v1/beta/files}: upload, list, query, get, content (signed URL), delete. */
final class FileRoutes {
    private final Callers callers;
    private final CatalogAccess catalog;
    private final FileStore files;
    private final Topics topics;
    private final SignedLinks links;
    private final Clock clock;
    private final long maxUploadBytes;

    FileRoutes(
            Callers callers,
            CatalogAccess catalog,
            FileStore files,
            Topics topics,
            SignedLinks links,
            Clock clock,
            long maxUploadBytes) {
        this.callers = callers;
        this.catalog = catalog;
        this.files = files;
        this.topics = topics;
        this.links = links;
        this.clock = clock;
        this.maxUploadBytes = maxUploadBytes;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.FILES, this::upload);
        routes.get(ApiPaths.FILES, this::list);
        routes.post(ApiPaths.FILES_QUERY, this::query);
        routes.get(ApiPaths.FILE, ctx -> ctx.json(FileView.of(visible(ctx, callers.project(ctx)))));
        routes.get(ApiPaths.FILE_CONTENT, this::content);
        routes.get(ApiPaths.FILE_DOWNLOAD, this::download);
        routes.delete(ApiPaths.FILE, this::delete);
    }

    private void upload(Context ctx) throws Exception {
        String project = callers.project(ctx);
        FileRecord file = store(ctx, "file", project, "purpose", "external_file_id", null, null);
        ctx.json(FileView.of(file));
    }

    /**
     * Stores a multipart upload: bytes to the blob store (refused over the limit before anything is
     * kept), metadata to the file store, then the catalog record, visible to this instance's reads
     * when this returns.
     */
    FileRecord store(
            Context ctx,
            String field,
            String project,
            String purposeField,
            String externalIdField,
            String displayNameField,
            String defaultPurpose)
            throws Exception {
        checkMultipart(ctx, field);
        UploadedFile upload;
        String purpose;
        String externalId;
        String displayName;
        try {
            // Reading any form field parses the whole multipart body; Jetty enforces the size limits there.
            upload = ctx.uploadedFile(field);
            purpose = purposeField == null ? defaultPurpose : ctx.formParam(purposeField);
            externalId = externalIdField == null ? null : ctx.formParam(externalIdField);
            displayName = displayNameField == null ? null : ctx.formParam(displayNameField);
        } catch (RuntimeException e) {
            throw multipartProblem(e, maxUploadBytes);
        }
        if (upload == null) {
            throw new ApiException(
                    422,
                    field + ": field required (multipart field '" + field + "')",
                    List.of(new ApiException.FieldError(List.of("body", field), "field required")));
        }
        String name = displayName != null && !displayName.isBlank() ? displayName : upload.filename();
        try (InputStream in = upload.content()) {
            return store(in, project, name, purpose == null || purpose.isBlank() ? "user_data" : purpose, externalId);
        }
    }

    /**
     * Stores a file's bytes (refused over the upload limit before anything is kept) and its record,
     * visible to this instance's reads when this returns.
     */
    FileRecord store(InputStream in, String project, String displayName, String purpose, String externalId)
            throws Exception {
        BlobStore.StoredContent stored;
        try {
            stored = files.blobs().putContent(in, maxUploadBytes);
        } catch (BlobStore.TooLargeException e) {
            throw new ApiException(413, "upload exceeds the limit of " + e.limit() + " bytes");
        }
        String name = displayName(displayName);
        FileRecord file = FileRecord.newBuilder()
                .setFileId(Ids.file())
                .setProjectId(project)
                .setName(name)
                .setContentHash(stored.sha256())
                .setSize(stored.size())
                .setFileType(extension(name))
                .setPurpose(purpose)
                .setExternalFileId(externalId == null || externalId.isBlank() ? null : externalId)
                .setCreatedAt(clock.instant())
                .build();
        files.put(file);
        catalog.publish(topics.files, file.getFileId(), file);
        return file;
    }

    /** A text field of a multipart body whose file is in {@code fileField}: checks the body first. */
    String formParam(Context ctx, String fileField, String name) {
        checkMultipart(ctx, fileField);
        try {
            return ctx.formParam(name);
        } catch (RuntimeException e) {
            throw multipartProblem(e, maxUploadBytes);
        }
    }

    /** Refuses, before reading it, a body over the upload limit or not multipart. */
    private void checkMultipart(Context ctx, String field) {
        String length = ctx.header("Content-Length");
        if (length != null && parseLong(length) > maxUploadBytes + 1024 * 1024) {
            throw new ApiException(
                    413, "upload of " + length + " bytes exceeds the limit of " + maxUploadBytes + " bytes");
        }
        if (ctx.contentType() == null
                || !ctx.contentType().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(
                    422,
                    field + ": send the file as multipart/form-data in the field '" + field + "'",
                    List.of(new ApiException.FieldError(List.of("body", field), "field required")));
        }
    }

    /** Jetty's multipart errors, as the client should see them: too large is 413, anything else 400. */
    static ApiException multipartProblem(Throwable e, long maxUploadBytes) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("size") || m.contains("too large") || m.contains("exceeds")) {
                return new ApiException(413, "upload exceeds the limit of " + maxUploadBytes + " bytes");
            }
        }
        return new ApiException(400, "malformed multipart body: " + e.getMessage());
    }

    private void list(Context ctx) {
        String project = callers.project(ctx);
        int pageSize = Http.intParam(ctx, "page_size", 50, 1, 1000);
        String token = Http.stringParam(ctx, "page_token");
        Catalog.Page<FileRecord> page = catalog.view().files(project, token, pageSize, FileFilter.of(ctx));
        ctx.json(Http.cursorPage(page.items().stream().map(FileView::of).toList(), page.next()));
    }

    /**
     * {@code POST /files/query} (deprecated in the SDK, still served): the listing with its filter,
     * {@code page_size} (above 1000 taken as 1000) and {@code page_token} in the body.
     * {@code order_by} is accepted and not honoured: files come in id order, the order the cursor
     * continues in. {@code total_size} is given when one page holds every match, else null.
     */
    private void query(Context ctx) {
        String project = callers.project(ctx);
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) throw new ApiException(422, "the body must be a JSON object");
        FileFilter filter = FileFilter.of(body.get("filter"), project);
        int pageSize = pageSize(body.get("page_size"));
        String token = JsonFields.optionalText(body, "page_token");
        JsonFields.optionalText(body, "order_by");
        Catalog.Page<FileRecord> page =
                catalog.view().files(project, token == null || token.isBlank() ? null : token, pageSize, filter);
        Map<String, Object> out =
                Http.cursorPage(page.items().stream().map(FileView::of).toList(), page.next());
        out.put(
                "total_size",
                token == null && page.next() == null ? page.items().size() : null);
        ctx.json(out);
    }

    private static int pageSize(JsonNode size) {
        if (size == null || size.isNull()) return 50;
        if (!size.isIntegralNumber() || size.bigIntegerValue().signum() <= 0)
            throw ApiException.invalid("page_size", "must be a whole number of at least 1");
        return size.bigIntegerValue().min(BigInteger.valueOf(1000)).intValue();
    }

    /** The file if it exists in the caller's project; anything else is 404. */
    FileRecord visible(Context ctx, String project) {
        String id = ctx.pathParam("file_id");
        Optional<FileRecord> f =
                catalog.lookup(topics.files, () -> catalog.view().file(id));
        if (f.isEmpty() || !f.get().getProjectId().equals(project)) throw ApiException.notFound("file " + id);
        return f.get();
    }

    private void content(Context ctx) {
        FileRecord file = visible(ctx, callers.project(ctx));
        int seconds = Http.intParam(ctx, "expires_at_seconds", 3600, 1, 7 * 24 * 3600);
        Instant expires = clock.instant().plusSeconds(seconds);
        String url =
                links.sign(ctx, ApiPaths.path(ApiPaths.FILE_DOWNLOAD, file.getFileId()), file.getFileId(), expires);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("expires_at", expires.toString());
        body.put("form_fields", null);
        ctx.json(body);
    }

    /** The bytes behind a signed URL; the signature is the credential, as with a presigned S3 URL. */
    private void download(Context ctx) throws Exception {
        String id = ctx.pathParam("file_id");
        links.require(ctx, id);
        FileRecord file = catalog.view().file(id).orElseThrow(() -> ApiException.notFound("file " + id));
        ctx.header(
                "Content-Disposition",
                "attachment; filename=\"" + file.getName().replace("\"", "") + "\"");
        ctx.contentType("application/octet-stream");
        ctx.result(files.blobs().openContent(file.getContentHash()));
    }

    private void delete(Context ctx) throws Exception {
        FileRecord file = visible(ctx, callers.project(ctx));
        catalog.publish(topics.files, file.getFileId(), null);
        files.delete(file.getFileId());
        ctx.status(204);
    }

    /** A client's file name is a display name only: strip any path and control characters. */
    static String displayName(String raw) {
        String name = raw == null ? "" : raw;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").trim();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) name = "upload";
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
