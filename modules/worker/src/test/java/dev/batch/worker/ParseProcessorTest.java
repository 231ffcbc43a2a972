package dev.batch.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.config.Config;
import dev.batch.events.ErrorCode;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobType;
import dev.batch.testkit.Corpus;
import dev.batch.worker.parse.ParseOptions;
import dev.batch.worker.parse.ParserPool;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which documents skip the parser JVMs (only small plain text, which cannot hurt a parser), and the time limit of those that do not. */
class ParseProcessorTest {
    @TempDir
    Path blobs;

    @Test
    void parsesOnlySmallPlainTextInTheWorkersOwnJvm() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        ParseOptions plain = ParseOptions.of("{}");
        assertThat(ParseProcessor.safeInProcess(
                        files, file(files, "note.txt", "just words".getBytes(StandardCharsets.UTF_8)), plain))
                .isTrue();
        assertThat(ParseProcessor.safeInProcess(
                        files, file(files, "note.TXT", "just words".getBytes(StandardCharsets.UTF_8)), plain))
                .isTrue();
        assertThat(ParseProcessor.safeInProcess(
                        files, file(files, "binary.txt", new byte[] {'P', 'K', 3, 4, 0, 0}), plain))
                .as("a binary file named .txt")
                .isFalse();
        assertThat(ParseProcessor.safeInProcess(
                        files, file(files, "doc.pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII)), plain))
                .isFalse();
        assertThat(ParseProcessor.safeInProcess(
                        files,
                        file(
                                files,
                                "big.txt",
                                "w"
                                        .repeat((int) ParseProcessor.IN_PROCESS_TEXT_BYTES + 1)
                                        .getBytes(StandardCharsets.US_ASCII)),
                        plain))
                .isFalse();
        assertThat(ParseProcessor.safeInProcess(
                        files,
                        file(files, "shots.txt", "words".getBytes(StandardCharsets.UTF_8)),
                        ParseOptions.of("{\"parameters\": {\"images_to_save\": [\"screenshot\"]}}")))
                .isFalse();
    }

    @Test
    void anItemAskingForMoreTimeThanTheCeilingGetsTheCeilingAndItsErrorSaysSo() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        FileRecord pdf = FileRecord.newBuilder(
                        file(files, "paper.pdf", Files.readAllBytes(Corpus.file("parse/pdf/arxiv-2201.00200.pdf"))))
                .setFileId("file-paper")
                .build();
        files.put(pdf);
        // A ceiling no parse can keep to, so that the one that applied shows.
        Config config = Config.of(Map.of("BATCH_MAX_JOB_TIMEOUT", "1ms"));
        try (ParserPool pool = new ParserPool(1, "512m")) {
            ItemPipeline pipeline = new ItemPipeline(
                    files, new ParseProcessor(files, pool, WorkerSettings.timeLimits(config)), Long.MAX_VALUE);
            ItemResult r = pipeline.process(ItemTask.newBuilder()
                    .setJobId("bjb-1")
                    .setProjectId("proj")
                    .setItemId("item-1")
                    .setFileId(pdf.getFileId())
                    .setJobType(JobType.parse)
                    .setJobConfigJson("{\"parameters\": {\"job_timeout_in_seconds\": 86400}}")
                    .setConfigHash("h")
                    .setDispatchedAt(Instant.now())
                    .build());

            assertThat(r.getStatus()).isEqualTo(ItemState.failed);
            assertThat(r.getErrorCode()).as(r.getErrorMessage()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(r.getErrorMessage())
                    .isEqualTo("parsing paper.pdf took longer than the limit of 0.001 s"
                            + " (job_timeout_in_seconds, capped at this service's ceiling of 0.001 s)");
        }
    }

    private static FileRecord file(FileStore files, String name, byte[] bytes) throws Exception {
        BlobStore.StoredContent content = files.blobs().putContent(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        return FileRecord.newBuilder()
                .setFileId("file-" + name)
                .setProjectId("proj")
                .setName(name)
                .setContentHash(content.sha256())
                .setSize(content.size())
                .setCreatedAt(Instant.now())
                .build();
    }
}
