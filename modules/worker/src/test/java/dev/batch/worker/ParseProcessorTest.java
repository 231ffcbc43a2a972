package dev.batch.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.events.FileRecord;
import dev.batch.worker.parse.ParseOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which documents skip the parser JVMs: only small plain text, which cannot hurt a parser. */
class ParseProcessorTest {
    @TempDir
    Path blobs;

    @Test
    void parsesOnlySmallPlainTextInTheWorkersOwnJvm() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        ParseOptions plain = ParseOptions.of("{}");
        assertThat(ParseProcessor.safeInProcess(files, file(files, "note.txt", "just words".getBytes(StandardCharsets.UTF_8)), plain)).isTrue();
        assertThat(ParseProcessor.safeInProcess(files, file(files, "note.TXT", "just words".getBytes(StandardCharsets.UTF_8)), plain)).isTrue();
        assertThat(ParseProcessor.safeInProcess(files, file(files, "binary.txt", new byte[] {'P', 'K', 3, 4, 0, 0}), plain))
                .as("a binary file named .txt").isFalse();
        assertThat(ParseProcessor.safeInProcess(files, file(files, "doc.pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII)), plain)).isFalse();
        assertThat(ParseProcessor.safeInProcess(files, file(files, "big.txt",
                "w".repeat((int) ParseProcessor.IN_PROCESS_TEXT_BYTES + 1).getBytes(StandardCharsets.US_ASCII)), plain)).isFalse();
        assertThat(ParseProcessor.safeInProcess(files, file(files, "shots.txt", "words".getBytes(StandardCharsets.UTF_8)),
                ParseOptions.of("{\"parameters\": {\"images_to_save\": [\"screenshot\"]}}"))).isFalse();
    }

    private static FileRecord file(FileStore files, String name, byte[] bytes) throws Exception {
        BlobStore.StoredContent content = files.blobs().putContent(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        return FileRecord.newBuilder().setFileId("file-" + name).setProjectId("proj").setName(name).setContentHash(content.sha256())
                .setSize(content.size()).setCreatedAt(Instant.now()).build();
    }
}
