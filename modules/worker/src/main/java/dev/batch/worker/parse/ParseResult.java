package dev.batch.worker.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.Ids;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemTask;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The stored result of one parse, the JSON behind {@code GET /api/v2/parse/{id}}: its pages follow
 * LlamaCloud's v2 shapes (1-based {@code page_number}, {@code text}, {@code markdown}, {@code items}).
 */
public record ParseResult(
        String id,
        String batchJobId,
        String itemId,
        String fileId,
        String fileName,
        String projectId,
        String createdAt,
        int totalPages,
        boolean truncated,
        List<ParsedDocument.Page> pages,
        String textFull,
        String markdownFull,
        Map<String, String> documentMetadata,
        JsonNode customMetadata,
        List<Images.Saved> images) {

    public static ParseResult of(ItemTask task, FileRecord file, ParsedDocument doc, ParseOptions options) {
        return of(
                task.getJobId(), task.getItemId(), file.getFileId(), file.getName(), task.getProjectId(), doc, options);
    }

    public static ParseResult of(
            String batchJobId,
            String itemId,
            String fileId,
            String fileName,
            String projectId,
            ParsedDocument doc,
            ParseOptions options) {
        return new ParseResult(
                Ids.parseJob(batchJobId, itemId),
                batchJobId,
                itemId,
                fileId,
                fileName,
                projectId,
                Instant.now().toString(),
                doc.totalPages(),
                doc.truncated(),
                doc.pages(),
                doc.textFull(),
                doc.markdownFull(),
                doc.metadata(),
                options.customMetadata(),
                doc.images());
    }
}
