package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.extract.SchemaProposer.Proposal;
import dev.batch.events.FileRecord;
import dev.batch.testkit.Corpus;
import dev.batch.worker.parse.ParserPool;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data schema proposed from a stored file, in this JVM or a parser JVM, and what it answers for a file it cannot read. */
class DocumentSchemaProposerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path blobs;

    @Test
    void proposesTheLabelledFieldsOfAnInvoice() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        FileRecord invoice =
                file(files, "invoice.pdf", Files.readAllBytes(Corpus.file("classify/invoice/doc-2e21d50f59a9.pdf")));

        JsonNode schema = schema(new DocumentSchemaProposer(files, null, WAIT).propose(invoice));

        assertThat(schema.path("properties").fieldNames()).toIterable().contains("invoice_number", "invoice_date");
        assertThat(schema.at("/properties/invoice_date/format").asText()).isEqualTo("date");
    }

    @Test
    void proposesInAParserJvmWhenIsolated() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        FileRecord invoice =
                file(files, "invoice.pdf", Files.readAllBytes(Corpus.file("classify/invoice/doc-2e21d50f59a9.pdf")));
        try (ParserPool pool = new ParserPool(1, "512m")) {
            JsonNode schema = schema(new DocumentSchemaProposer(files, pool, WAIT).propose(invoice));
            assertThat(schema.path("properties").fieldNames()).toIterable().contains("invoice_number");
        }
    }

    @Test
    void answersWhyItProposesNothingForAFileTooLargeGoneOrBroken() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        DocumentSchemaProposer proposer = new DocumentSchemaProposer(files, null, WAIT);
        FileRecord huge = FileRecord.newBuilder(file(files, "huge.pdf", new byte[] {1}))
                .setSize(DocumentSchemaProposer.MAX_MB * 1024L * 1024L + 1)
                .build();
        assertThat(reason(proposer.propose(huge))).contains("huge.pdf is larger than 25 MB");
        FileRecord gone = FileRecord.newBuilder(file(files, "gone.pdf", new byte[] {1}))
                .setContentHash("0".repeat(64))
                .build();
        assertThat(reason(proposer.propose(gone))).contains("no longer stored");
        String broken = reason(proposer.propose(
                file(files, "broken.pdf", "%PDF-1.4\nthis is not a PDF at all\n".getBytes(StandardCharsets.US_ASCII))));
        assertThat(broken).contains("broken.pdf").doesNotContain(blobs.toString());
    }

    private static JsonNode schema(Proposal proposal) {
        assertThat(proposal).isInstanceOf(Proposal.Schema.class);
        return ((Proposal.Schema) proposal).schema();
    }

    private static String reason(Proposal proposal) {
        assertThat(proposal).isInstanceOf(Proposal.Failed.class);
        return ((Proposal.Failed) proposal).reason();
    }

    private static FileRecord file(FileStore files, String name, byte[] bytes) throws Exception {
        BlobStore.StoredContent content = files.blobs().putContent(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        FileRecord file = FileRecord.newBuilder()
                .setFileId("file-" + name)
                .setProjectId("proj")
                .setName(name)
                .setContentHash(content.sha256())
                .setSize(content.size())
                .setCreatedAt(Instant.now())
                .build();
        files.put(file);
        return file;
    }
}
