package dev.batch.worker.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobType;
import dev.batch.testkit.Corpus;
import dev.batch.worker.ClassifyProcessor;
import dev.batch.worker.ParseProcessor;
import dev.batch.worker.llm.ChatEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI-compatible backend against a local server that speaks the chat-completions protocol. */
class LlmClassifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Classifier.Rule> RULES = List.of(
            new Classifier.Rule("invoice", "A bill asking for payment with a total due."),
            new Classifier.Rule("resume", "A person's CV: experience, education, skills."));

    @TempDir
    Path blobs;

    HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final AtomicReference<String> answer = new AtomicReference<>();
    volatile int status = 200;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                requests.add(JSON.readTree(in));
            }
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String content = answer.get();
            byte[] body = status == 200
                    ? JSON.writeValueAsBytes(JSON.createObjectNode()
                            .set(
                                    "choices",
                                    JSON.createArrayNode()
                                            .add(JSON.createObjectNode()
                                                    .set(
                                                            "message",
                                                            JSON.createObjectNode()
                                                                    .put("role", "assistant")
                                                                    .put("content", content)))))
                    : "{\"error\": {\"message\": \"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private LlmClassifier client() {
        return new LlmClassifier(new ChatEndpoint(new ChatEndpoint.Settings(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/",
                "sk-test",
                "tiny-model",
                Duration.ofSeconds(10))));
    }

    @Test
    void sendsTheRulesAndTheTextAndReadsTheAnswer() throws Exception {
        answer.set(
                "{\"type\": \"Invoice\", \"confidence\": 0.91, \"reasoning\": \"It says Invoice No. 7 and a total due.\"}");
        Classifier.Result r = client().classify("INVOICE No. 7 ... Total due: 120.00", List.of(), RULES);
        assertThat(r.type()).isEqualTo("invoice");
        assertThat(r.confidence()).isEqualTo(0.91);
        assertThat(r.reasoning()).contains("Invoice No. 7");
        JsonNode request = requests.get(0);
        assertThat(request.get("model").asText()).isEqualTo("tiny-model");
        assertThat(request.get("messages").get(0).get("content").asText())
                .contains("- invoice: A bill", "- resume: A person's CV");
        assertThat(request.get("messages").get(1).get("content").asText()).contains("Total due: 120.00");
        assertThat(authorizations.get(0)).isEqualTo("Bearer sk-test");
    }

    @Test
    void sendsPageImagesForMultimodalAndAcceptsNoneOfThem() throws Exception {
        answer.set("```json\n{\"type\": null, \"confidence\": 0.2, \"reasoning\": \"A photo of a cat.\"}\n```");
        Classifier.Result r = client().classify("", List.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'}), RULES);
        assertThat(r.type()).isNull();
        assertThat(r.confidence()).isEqualTo(0.2);
        JsonNode parts = requests.get(0).get("messages").get(1).get("content");
        assertThat(parts.get(1).get("type").asText()).isEqualTo("image_url");
        assertThat(parts.get(1).get("image_url").get("url").asText()).startsWith("data:image/png;base64,iVBORw");
    }

    @Test
    void refusesAnAnswerOutsideTheRulesAndAnHttpError() {
        answer.set("{\"type\": \"poem\", \"confidence\": 0.9}");
        assertThatThrownBy(() -> client().classify("roses are red", List.of(), RULES))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not one of the rules");
        answer.set("I think it is an invoice.");
        assertThatThrownBy(() -> client().classify("x", List.of(), RULES))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("JSON");
        status = 503;
        assertThatThrownBy(() -> client().classify("x", List.of(), RULES))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("503");
    }

    @Test
    void classifiesThroughTheModelAndFallsBackToTheBuiltInClassifierWhenItFails() throws Exception {
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        FileRecord file = store(files, Corpus.file("classify/invoice/doc-2e21d50f59a9.pdf"));
        ClassifyProcessor processor = new ClassifyProcessor(files, new ParseProcessor(files), Optional.of(client()));
        String rules = JSON.writeValueAsString(JSON.valueToTree(RULES));

        answer.set("{\"type\": \"invoice\", \"confidence\": 0.97, \"reasoning\": \"An invoice with a total due.\"}");
        JsonNode byModel =
                classify(processor, files, file, "{\"rules\": " + rules + ", \"mode\": \"MULTIMODAL\"}", "bjb-model");
        assertThat(byModel.get("classifier").asText()).isEqualTo("model tiny-model");
        assertThat(byModel.get("type").asText()).isEqualTo("invoice");
        assertThat(requests.get(0)
                        .get("messages")
                        .get(1)
                        .get("content")
                        .get(1)
                        .get("type")
                        .asText())
                .as("MULTIMODAL sends the rendered page")
                .isEqualTo("image_url");

        status = 500;
        JsonNode fallback = classify(processor, files, file, "{\"rules\": " + rules + "}", "bjb-fallback");
        assertThat(fallback.get("classifier").asText())
                .as("the endpoint's own words stay in the log")
                .isEqualTo("built-in (the model endpoint failed)");
        assertThat(fallback.get("type").asText()).isEqualTo("invoice");
        assertThat(fallback.get("reasoning").asText()).startsWith("Looks like invoice");
    }

    private static JsonNode classify(
            ClassifyProcessor processor, FileStore files, FileRecord file, String config, String job) throws Exception {
        ItemTask task = ItemTask.newBuilder()
                .setJobId(job)
                .setProjectId("proj")
                .setItemId(file.getFileId())
                .setFileId(file.getFileId())
                .setJobType(JobType.classify)
                .setJobConfigJson(config)
                .setConfigHash("h")
                .setDispatchedAt(Instant.now())
                .build();
        ItemResult r = processor.process(
                task,
                file,
                ItemResult.newBuilder()
                        .setJobId(job)
                        .setItemId(file.getFileId())
                        .setParametersHash("h")
                        .setAttempt(0)
                        .setStartedAt(Instant.now()));
        assertThat(r.getStatus()).as(String.valueOf(r.getErrorMessage())).isEqualTo(ItemState.completed);
        return JSON.readTree(files.blobs().getObject(r.getOutputLocation()).orElseThrow());
    }

    private static FileRecord store(FileStore files, Path path) throws Exception {
        BlobStore.StoredContent c;
        try (InputStream in = Files.newInputStream(path)) {
            c = files.blobs().putContent(in, Long.MAX_VALUE);
        }
        FileRecord f = FileRecord.newBuilder()
                .setFileId("file-1")
                .setProjectId("proj")
                .setName(path.getFileName().toString())
                .setContentHash(c.sha256())
                .setSize(c.size())
                .setCreatedAt(Instant.now())
                .build();
        files.put(f);
        return f;
    }
}
