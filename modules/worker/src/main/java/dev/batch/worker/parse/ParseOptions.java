package dev.batch.worker.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.common.jobs.TimeLimit;
import dev.batch.common.kafka.AvroSerdes;
import dev.batch.common.parse.PageRanges;
import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import dev.batch.events.ParseConfig;
import java.io.IOException;
import java.util.NavigableSet;
import java.util.Set;

/**
 * The parse parameters this worker honours, from a job's typed config ({@link JobConfig#getParse()});
 * the time limit is {@link TimeLimit}'s.
 */
public record ParseOptions(
        NavigableSet<Integer> targetPages,
        Integer maxPages,
        String pageSeparator,
        String pagePrefix,
        String pageSuffix,
        JsonNode customMetadata,
        boolean disableOcr,
        String ocrLanguages,
        double pageErrorTolerance,
        String replaceFailedPageMode,
        String failedPagePrefix,
        String failedPageSuffix,
        boolean tablesAsHtml,
        boolean hideHeaders,
        boolean hideFooters,
        Set<String> imagesToSave,
        boolean mergeContinuedTables) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Building a ParseConfig with defaults loads its enum classes, which Avro allows only once our
        // events are trusted; a parser JVM or the benchmarks' direct loop may get here first.
        AvroSerdes.trustEvents();
    }

    /** The options of a job's typed config: its parse section (defaults when it has none) and its custom metadata. */
    public static ParseOptions of(JobConfig config) {
        ParseConfig p = config.getParse() != null
                ? config.getParse()
                : ParseConfig.newBuilder().build();
        return new ParseOptions(
                p.getTargetPages() == null ? null : PageRanges.pages(p.getTargetPages()),
                p.getMaxPages(),
                p.getPageSeparator(),
                p.getPagePrefix(),
                p.getPageSuffix(),
                metadata(config.getCustomMetadataJson()),
                p.getDisableOcr(),
                Ocr.languages(p.getLanguages()),
                p.getPageErrorTolerance(),
                p.getReplaceFailedPageMode().name(),
                p.getReplaceFailedPageWithErrorMessagePrefix(),
                p.getReplaceFailedPageWithErrorMessageSuffix(),
                p.getOutputTablesAsHtml(),
                p.getHideHeaders(),
                p.getHideFooters(),
                Set.copyOf(p.getImagesToSave()),
                p.getMergeContinuedTables());
    }

    /** The options of a parse config given as JSON (tests, benchmarks), read as a job's would be. */
    public static ParseOptions of(String jobConfigJson) {
        return of(JobConfigs.read(jobConfigJson, JobType.parse));
    }

    private static JsonNode metadata(String json) {
        if (json == null) return null;
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("custom_metadata is not JSON", e);
        }
    }

    /** Whether the 1-based page {@code n} is in the output. */
    boolean wants(int n) {
        return targetPages == null || targetPages.contains(n - 1);
    }

    static String withPageNumber(String template, int n) {
        return template.replace("{page_number}", Integer.toString(n));
    }
}
