package dev.batch.ingress;

import dev.batch.client.ApiPaths;
import dev.batch.common.blob.FileStore;
import dev.batch.common.parse.PageImages;
import dev.batch.common.parse.PageImages.Rendered;
import dev.batch.events.FileRecord;
import dev.batch.events.JobItem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code GET /api/v2/parse/{job_id}/pages/{page_number}/image}: a page of a parse job's PDF as a PNG,
 * rendered when asked ({@link PageImages}), so the dashboard can show any parsed page beside its
 * markdown with its items outlined, whether or not the job saved screenshots. Only the job's project
 * sees it; the page of a file never changes, so the browser may keep it.
 */
final class PageImageRoutes {
    private static final int MAX_PAGE = 1_000_000;
    private final Callers callers;
    private final ParseJobs parseJobs;
    private final VisibleJobs jobs;
    private final FileStore files;
    private final PageImages pages;

    PageImageRoutes(Callers callers, ParseJobs parseJobs, VisibleJobs jobs, FileStore files, PageImages pages) {
        this.callers = callers;
        this.parseJobs = parseJobs;
        this.jobs = jobs;
        this.files = files;
        this.pages = pages;
    }

    void register(RoutesConfig routes) {
        routes.get(ApiPaths.PARSE_JOB_PAGE_IMAGE, this::pageImage);
    }

    private void pageImage(Context ctx) throws Exception {
        String project = callers.project(ctx);
        String id = ctx.pathParam("job_id");
        int page = pageNumber(ctx.pathParam("page_number"));
        ParseJobs.ParseJob job =
                parseJobs.find(id, project).orElseThrow(() -> ApiException.notFound("parse job " + id));
        FileRecord file = file(job, project);
        Rendered rendered = pages.render(file, page);
        if (rendered instanceof Rendered.Png png) {
            ctx.header("Cache-Control", "private, max-age=86400");
            ctx.contentType("image/png").result(png.bytes());
        } else if (rendered instanceof Rendered.NotAPdf) {
            throw inPath(
                    "job_id",
                    "the file of parse job " + id + " (" + file.getName() + ") is not a PDF; only a PDF's pages"
                            + " are rendered");
        } else if (rendered instanceof Rendered.NoSuchPage none) {
            throw inPath(
                    "page_number",
                    "the document has " + none.pages() + (none.pages() == 1 ? " page" : " pages") + ", not " + page);
        } else {
            throw inPath(
                    "page_number", "page " + page + " could not be rendered: " + ((Rendered.Failed) rendered).reason());
        }
    }

    /** The file the job parses, as long as it is stored: a job whose item is not listed yet has none to show. */
    private FileRecord file(ParseJobs.ParseJob job, String project) throws Exception {
        String fileId = jobs.queries()
                .item(job.batchJobId(), job.itemId())
                .map(JobItem::getFileId)
                .orElse(null);
        if (fileId == null)
            throw new ApiException(409, "parse job " + job.id() + " has not started: its file is not known yet");
        return files.find(fileId)
                .filter(f -> project.equals(f.getProjectId()))
                .orElseThrow(() -> new ApiException(410, "the file of parse job " + job.id() + " is no longer stored"));
    }

    private static int pageNumber(String raw) {
        try {
            int page = Integer.parseInt(raw);
            if (page >= 1 && page <= MAX_PAGE) return page;
        } catch (NumberFormatException e) {
            // said below
        }
        throw inPath("page_number", "must be a page number from 1, got '" + raw + "'");
    }

    private static ApiException inPath(String name, String message) {
        return new ApiException(
                422, name + ": " + message, List.of(new ApiException.FieldError(List.of("path", name), message)));
    }
}
