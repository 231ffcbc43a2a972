package dev.batch.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.events.ErrorCode;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobType;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.RequiredTools;
import dev.batch.worker.extract.LlmExtractor;
import dev.batch.worker.llm.ChatEndpoint;
import dev.batch.worker.parse.OcrLayout;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An extract task end to end in the worker: the file read (parsed, or OCR for a scan), the fields found, the result stored. */
class ExtractProcessorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            {"data_schema": {"invoice_number": {"type": "string", "description": "the invoice's number"},
                             "total": {"type": "number", "description": "amount due"},
                             "issued": {"type": "string", "format": "date", "description": "date of the invoice"}},
             "cite_sources": true, "confidence_scores": true}""";

    @TempDir
    Path blobs;

    @Test
    void extractsLabelledFieldsWithCitationsFromAParsedDocument() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        FileRecord note = file(files, "bill.txt", """
                Northwind Traders
                Invoice No: INV-0042
                Invoice date: 5 March 2024
                Widgets 3 x 12.50        37.50
                Total due: 118.50
                """.getBytes(StandardCharsets.UTF_8));

        ItemResult r = run(files, note, SCHEMA);

        assertThat(r.getStatus()).as(r.getErrorMessage()).isEqualTo(ItemState.completed);
        JsonNode out =
                JSON.readTree(files.blobs().getObject(r.getOutputLocation()).orElseThrow());
        assertThat(out.path("extract_result").path("invoice_number").asText()).isEqualTo("INV-0042");
        assertThat(out.path("extract_result").path("total").decimalValue()).isEqualByComparingTo("118.50");
        assertThat(out.path("extract_result").path("issued").asText()).isEqualTo("2024-03-05");
        JsonNode total = out.path("extract_metadata")
                .path("field_metadata")
                .path("document_metadata")
                .path("total");
        assertThat(total.path("citation").get(0).path("page").asInt()).isEqualTo(1);
        assertThat(total.path("citation").get(0).path("matching_text").asText()).contains("118.50");
        assertThat(total.path("confidence").asDouble()).isBetween(0.5, 1.0);
        assertThat(out.path("extractor").asText()).isEqualTo("built-in");
        assertThat(out.path("extraction_target").asText()).isEqualTo("per_doc");
    }

    @Test
    void aModelEndpointAnswersFirstAndTheBuiltInWhenItFails() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        FileRecord note = file(files, "bill.txt", """
                Invoice No: INV-0042
                Total due: 118.50
                """.getBytes(StandardCharsets.UTF_8));
        AtomicInteger status = new AtomicInteger(200);
        HttpServer model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        model.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String content = "{\"invoice_number\": \"INV-0042\", \"total\": 118.5, \"issued\": null}";
            byte[] body =
                    JSON.writeValueAsBytes(Map.of("choices", List.of(Map.of("message", Map.of("content", content)))));
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        model.start();
        try {
            LlmExtractor llm = new LlmExtractor(new ChatEndpoint(new ChatEndpoint.Settings(
                    "http://127.0.0.1:" + model.getAddress().getPort() + "/v1", null, "tiny", Duration.ofSeconds(20))));
            ExtractProcessor processor = new ExtractProcessor(files, new ParseProcessor(files), Optional.of(llm));

            JsonNode answered = stored(files, run(files, processor, note, SCHEMA));
            assertThat(answered.path("extractor").asText()).isEqualTo("model tiny");
            assertThat(answered.path("extract_result").path("total").decimalValue())
                    .isEqualByComparingTo("118.5");
            assertThat(answered.path("extract_metadata")
                            .path("field_metadata")
                            .path("document_metadata")
                            .path("total")
                            .path("citation")
                            .get(0)
                            .path("matching_text")
                            .asText())
                    .as("the model's value located in the document")
                    .contains("118.50");

            status.set(500);
            String other = SCHEMA.replace("\"cite_sources\"", "\"system_prompt\": \"an invoice\", \"cite_sources\"");
            JsonNode fallback = stored(files, run(files, processor, note, other));
            assertThat(fallback.path("extractor").asText()).isEqualTo("built-in (the model endpoint failed)");
            assertThat(fallback.path("extract_result").path("invoice_number").asText())
                    .isEqualTo("INV-0042");
        } finally {
            model.stop(0);
        }
    }

    @Test
    void readsAScannedReceiptByOcr() throws Exception {
        RequiredTools.require(RequiredTools.TESSERACT, OcrLayout.available());
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        Path receipt = Corpus.file("extract/receipts/sroie__001.jpg");
        JsonNode truth = JSON.readTree(Files.readString(Path.of(receipt + ".gt.json")));
        FileRecord scan = file(files, "receipt.jpg", Files.readAllBytes(receipt));

        ItemResult r = run(files, scan, """
                {"data_schema": {"shop": {"type": "string", "description": "name of the business that issued it"},
                                 "paid": {"type": "number", "description": "grand total paid"}}}""");

        assertThat(r.getStatus()).as(r.getErrorMessage()).isEqualTo(ItemState.completed);
        JsonNode out =
                JSON.readTree(files.blobs().getObject(r.getOutputLocation()).orElseThrow());
        assertThat(out.path("extract_result").path("paid").decimalValue())
                .isEqualByComparingTo(truth.path("total").asText());
        JsonNode paid = out.path("extract_metadata")
                .path("field_metadata")
                .path("document_metadata")
                .path("paid");
        assertThat(paid.has("citation") || paid.has("confidence"))
                .as("cite_sources and confidence_scores default to false: %s", paid)
                .isFalse();
    }

    @Test
    void aTaskWhoseConfigHasNoExtractSectionFailsNamingWhy() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        FileRecord note = file(files, "note.txt", "Total: 5.00".getBytes(StandardCharsets.UTF_8));

        ItemResult r = run(files, note, "{}");

        assertThat(r.getStatus()).isEqualTo(ItemState.failed);
        assertThat(r.getErrorCode()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(r.getErrorMessage()).isEqualTo("the job has no data schema");
    }

    @Test
    void targetPagesAreOneBasedAsAskedAndZeroBasedForTheParser() {
        assertThat(ExtractProcessor.zeroBased("1, 3-5")).containsExactly(0, 2, 3, 4);
        assertThat(ExtractProcessor.zeroBased("2")).containsExactly(1);
    }

    private static ItemResult run(FileStore files, FileRecord file, String config) throws Exception {
        return run(files, new ExtractProcessor(files, new ParseProcessor(files)), file, config);
    }

    private static JsonNode stored(FileStore files, ItemResult r) throws Exception {
        assertThat(r.getStatus()).as(r.getErrorMessage()).isEqualTo(ItemState.completed);
        return JSON.readTree(files.blobs().getObject(r.getOutputLocation()).orElseThrow());
    }

    private static ItemResult run(FileStore files, ExtractProcessor processor, FileRecord file, String config)
            throws Exception {
        ItemPipeline pipeline = new ItemPipeline(files, processor, Long.MAX_VALUE);
        return pipeline.process(ItemTask.newBuilder()
                .setJobId("bjb-1")
                .setProjectId("proj")
                .setItemId("item-" + file.getName())
                .setFileId(file.getFileId())
                .setJobType(JobType.extract)
                .setJobConfigJson(config)
                .setConfig(JobConfigs.read(config, config.contains("data_schema") ? JobType.extract : JobType.parse))
                .setConfigHash(Integer.toHexString(config.hashCode()))
                .setDispatchedAt(Instant.now())
                .build());
    }

    private static FileRecord file(FileStore files, String name, byte[] bytes) throws Exception {
        BlobStore.StoredContent content = files.blobs().putContent(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        FileRecord file = FileRecord.newBuilder()
                .setFileId("file-" + name.replace('.', '-'))
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
