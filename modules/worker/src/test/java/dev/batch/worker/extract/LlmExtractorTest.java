package dev.batch.worker.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.batch.common.extract.SchemaProblem;
import dev.batch.testkit.Corpus;
import dev.batch.worker.llm.ChatEndpoint;
import dev.batch.worker.parse.DocumentParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The model extractor against a local server that speaks the chat-completions protocol, over parsed documents. */
class LlmExtractorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVOICE_SCHEMA = """
            {"type": "object", "properties": {
              "invoice_number": {"type": "string"},
              "invoice_date": {"type": "string", "format": "date"},
              "amount_due": {"type": "number", "description": "Total to pay"},
              "vendor": {"type": "string"},
              "vendor_address": {"type": "string"},
              "customer": {"type": "string"},
              "po_number": {"type": "string"}}}""";
    private static final String MODEL_ANSWER = """
            {"invoice_number": "42183017", "invoice_date": "2014-08-03", "amount_due": 4.11,
             "vendor": "amazon web services, inc.", "vendor_address": "410 Terry Ave North Seattle, WA 98109-5210, US",
             "customer": "Acme Holdings", "po_number": null}""";
    private static final String TEAM_SCHEMA = """
            {"type": "object", "properties": {
              "team": {"type": "string"}, "location": {"type": "string"}, "stanley_cups": {"type": "integer"}}}""";

    private static ExtractDocument invoice;
    private static ExtractDocument cups;

    HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    volatile Function<JsonNode, String> answer = request -> MODEL_ANSWER;
    volatile int status = 200;
    final CountDownLatch released = new CountDownLatch(1);
    volatile boolean hang;

    @BeforeAll
    static void parse() throws Exception {
        DocumentParser parser = new DocumentParser();
        invoice = read("classify/invoice/doc-2e21d50f59a9.pdf", parser);
        cups = read("parse/xlsx/un__stanley-cups.xlsx", parser);
    }

    private static ExtractDocument read(String path, DocumentParser parser) throws Exception {
        Path file = Corpus.file(path);
        return ExtractInput.read(file, file.getFileName().toString(), List.of(), parser);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readTree(in);
            }
            requests.add(request);
            if (hang) awaitRelease();
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
                                                                    .put("content", answer.apply(request))))))
                    : "{\"error\": {\"message\": \"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private void awaitRelease() {
        try {
            released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stopServer() {
        released.countDown();
        server.stop(0);
    }

    private LlmExtractor model(Duration timeout) {
        return new LlmExtractor(new ChatEndpoint(new ChatEndpoint.Settings(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "sk-test", "tiny-model", timeout)));
    }

    private LlmExtractor model() {
        return model(Duration.ofSeconds(20));
    }

    private static JsonNode config(String target, String schema, String more) throws IOException {
        return JSON.readTree("{\"extraction_target\": \"" + target + "\", \"data_schema\": " + schema + more + "}");
    }

    @Test
    void returnsTheModelsAnswerWithItsValuesCitedWhereTheDocumentWritesThem() throws Exception {
        JsonNode out = model().extract(invoice, config("per_doc", INVOICE_SCHEMA, ""), List.of());
        assertThat(out.get("extractor").asText()).isEqualTo("model tiny-model");
        JsonNode result = out.get("extract_result");
        assertThat(result.get("amount_due").decimalValue()).isEqualByComparingTo("4.11");
        assertThat(result.get("customer").asText())
                .as("the model's value stays")
                .isEqualTo("Acme Holdings");
        assertThat(result.get("po_number").isNull()).isTrue();
        JsonNode meta = out.at("/extract_metadata/field_metadata/document_metadata");

        JsonNode due = meta.at("/amount_due/citation/0");
        assertThat(due.get("page").asInt()).isEqualTo(1);
        assertThat(due.get("matching_text").asText()).endsWith("4.11");
        assertThat(due.get("bbox").get("w").asDouble()).isPositive();
        assertThat(meta.at("/invoice_date/citation/0/matching_text").asText()).isEqualTo("August 3 , 2014");
        assertThat(meta.at("/vendor/citation/0/matching_text").asText())
                .as("found whatever its case")
                .isEqualTo("Amazon Web Services, Inc.");
        assertThat(meta.at("/vendor_address/citation").findValuesAsText("matching_text"))
                .as("a value over two lines cites both")
                .containsExactly("410 Terry Ave North", "Seattle, WA 98109-5210, US");

        assertThat(meta.at("/vendor/confidence").asDouble()).isGreaterThan(0.8);
        assertThat(meta.at("/customer/confidence").asDouble())
                .as("a value the document does not hold")
                .isLessThan(0.5);
        assertThat(meta.at("/customer/citation").isEmpty()).isTrue();
        assertThat(meta.at("/po_number/confidence").asDouble()).isLessThan(0.2);
    }

    @Test
    void asksWithTheSchemaAsAStructuredOutputFormatAndTheCallersSystemPrompt() throws Exception {
        model().extract(
                        invoice,
                        config("per_doc", INVOICE_SCHEMA, ", \"system_prompt\": \"Amounts are in US dollars.\""),
                        List.of());
        JsonNode request = requests.get(0);
        assertThat(request.get("model").asText()).isEqualTo("tiny-model");
        JsonNode format = request.get("response_format");
        assertThat(format.get("type").asText()).isEqualTo("json_schema");
        assertThat(format.at("/json_schema/strict").asBoolean(true)).isFalse();
        assertThat(format.at("/json_schema/name").asText()).isNotBlank();
        assertThat(format.at("/json_schema/schema/properties").fieldNames())
                .toIterable()
                .containsExactly(
                        "invoice_number",
                        "invoice_date",
                        "amount_due",
                        "vendor",
                        "vendor_address",
                        "customer",
                        "po_number");
        assertThat(format.at("/json_schema/schema/properties/amount_due/description")
                        .asText())
                .isEqualTo("Total to pay");
        assertThat(request.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(request.at("/messages/0/content").asText()).endsWith("Amounts are in US dollars.");
        assertThat(request.at("/messages/1/content").asText()).contains("Invoice Number: 42183017");
    }

    @Test
    void fallsBackToTheBuiltInExtractorWhenTheAnswerDoesNotFitTheSchema() throws Exception {
        answer = request -> "{\"invoice_number\": \"42183017\", \"amount_due\": \"four dollars\"}";
        JsonNode configuration = config("per_doc", INVOICE_SCHEMA, "");
        assertThatThrownBy(() -> model().extract(invoice, configuration, List.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not fit the schema")
                .hasMessageContaining("/amount_due");

        JsonNode out = Extractions.run(invoice, configuration, Optional.of(model()), List::of, "item i of job j");
        assertThat(out.get("extractor").asText()).isEqualTo("built-in (the model endpoint failed)");
        assertThat(out.at("/extract_result/amount_due").decimalValue())
                .as("the built-in extractor's own answer")
                .isEqualByComparingTo("4.11");
    }

    @Test
    void fallsBackWhenTheEndpointFailsTimesOutOrAnswersProse() throws Exception {
        JsonNode configuration = config("per_doc", INVOICE_SCHEMA, "");
        status = 500;
        assertThatThrownBy(() -> model().extract(invoice, configuration, List.of()))
                .hasMessageContaining("answered 500");
        assertThat(run(configuration, model()).get("extractor").asText()).isEqualTo(Extractions.FALLBACK);

        status = 200;
        answer = request -> "The invoice number is 42183017.";
        assertThatThrownBy(() -> model().extract(invoice, configuration, List.of()))
                .hasMessageContaining("did not answer JSON");
        assertThat(run(configuration, model()).get("extractor").asText()).isEqualTo(Extractions.FALLBACK);

        hang = true;
        assertThatThrownBy(() -> model(Duration.ofMillis(300)).extract(invoice, configuration, List.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not answer within");
        assertThat(run(configuration, model(Duration.ofMillis(300)))
                        .get("extractor")
                        .asText())
                .isEqualTo(Extractions.FALLBACK);
    }

    @Test
    void aRefusedConnectionsReasonDoesNotNameTheEndpoint() throws Exception {
        int port = server.getAddress().getPort();
        server.stop(0);
        assertThatThrownBy(() -> model().extract(invoice, config("per_doc", INVOICE_SCHEMA, ""), List.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not be reached")
                .hasMessageNotContaining("127.0.0.1")
                .hasMessageNotContaining(String.valueOf(port));
    }

    @Test
    void asksForRowsAndCitesEachRowOnItsOwnLine() throws Exception {
        answer = request -> """
                {"rows": [{"team": "Blues", "location": "STL", "stanley_cups": 1},
                          {"team": "Flyers", "location": "PHI", "stanley_cups": 2},
                          {"team": "Maple Leafs", "location": "TOR", "stanley_cups": 13},
                          {"team": "Blues", "location": "STL", "stanley_cups": 1},
                          {"team": "Flyers", "location": "PHI", "stanley_cups": 2},
                          {"team": "Maple Leafs", "location": "TOR", "stanley_cups": 0}]}""";
        JsonNode out = model().extract(cups, config("per_table_row", TEAM_SCHEMA, ""), List.of());
        JsonNode rows = out.get("extract_result");
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.findValuesAsText("team")).hasSize(6);
        assertThat(rows.get(5).get("stanley_cups").asInt()).isZero();
        JsonNode meta = out.at("/extract_metadata/field_metadata/row_metadata");
        assertThat(meta.size()).isEqualTo(6);
        assertThat(meta.at("/0/team/citation/0/page").asInt()).isEqualTo(1);
        assertThat(meta.at("/3/team/citation/0/page").asInt())
                .as("the second 'Blues' row is the one on page 2")
                .isEqualTo(2);
        assertThat(meta.at("/3/team/citation/0/matching_text").asText()).isEqualTo("Blues");

        JsonNode format = requests.get(0).at("/response_format/json_schema/schema");
        assertThat(format.at("/properties/rows/type").asText()).isEqualTo("array");
        assertThat(format.at("/properties/rows/items/properties").fieldNames())
                .toIterable()
                .containsExactly("team", "location", "stanley_cups");
    }

    @Test
    void asksOncePerPageAndAnswersAnArrayOfPages() throws Exception {
        answer = request -> request.at("/messages/1/content").asText().contains("--- page 2 ---")
                ? "{\"team\": \"Maple Leafs\", \"stanley_cups\": 0}"
                : "{\"team\": \"Maple Leafs\", \"stanley_cups\": 13}";
        JsonNode out = model().extract(cups, config("per_page", TEAM_SCHEMA, ""), List.of());
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).at("/messages/1/content").asText())
                .contains("--- page 1 ---")
                .doesNotContain("--- page 2 ---");
        JsonNode pages = out.get("extract_result");
        assertThat(pages.findValuesAsText("stanley_cups")).containsExactly("13", "0");
        JsonNode meta = out.at("/extract_metadata/field_metadata/page_metadata");
        assertThat(meta.at("/1/stanley_cups/citation/0/page").asInt()).isEqualTo(2);
        assertThat(meta.at("/1/location/confidence").asDouble()).isLessThan(0.2);
    }

    @Test
    void sendsPageImagesOnlyForTheAgenticTier() throws Exception {
        AtomicInteger rendered = new AtomicInteger();
        Extractions.PageImages images = () -> {
            rendered.incrementAndGet();
            return List.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        };
        Extractions.run(invoice, config("per_doc", INVOICE_SCHEMA, ""), Optional.of(model()), images, "i");
        assertThat(rendered.get()).isZero();
        assertThat(requests.get(0).at("/messages/1/content").isTextual()).isTrue();

        JsonNode out = Extractions.run(
                invoice,
                config("per_doc", INVOICE_SCHEMA, ", \"tier\": \"agentic\""),
                Optional.of(model()),
                images,
                "i");
        assertThat(out.get("extractor").asText()).isEqualTo("model tiny-model");
        assertThat(rendered.get()).isOne();
        JsonNode parts = requests.get(1).at("/messages/1/content");
        assertThat(parts.at("/0/text").asText()).contains("Invoice Number: 42183017");
        assertThat(parts.at("/1/image_url/url").asText()).startsWith("data:image/png;base64,iVBORw");
    }

    @Test
    void eachPagesRequestCarriesThatPagesImage() throws Exception {
        answer = request -> "{\"team\": \"Blues\"}";
        List<byte[]> images =
                List.of("first".getBytes(StandardCharsets.UTF_8), "second".getBytes(StandardCharsets.UTF_8));
        model().extract(cups, config("per_page", TEAM_SCHEMA, ", \"tier\": \"agentic\""), images);
        assertThat(requests).hasSize(2);
        assertThat(imageOf(requests.get(0))).isEqualTo("first");
        assertThat(imageOf(requests.get(1))).isEqualTo("second");

        JsonNode out = model().extract(
                        cups,
                        config("per_page", TEAM_SCHEMA, ", \"tier\": \"agentic\", \"target_pages\": \"2\""),
                        images);
        assertThat(requests).hasSize(3);
        assertThat(imageOf(requests.get(2))).as("page 2 keeps its own image").isEqualTo("second");
        assertThat(out.at("/usage/num_pages_extracted").asInt()).isOne();
    }

    private static String imageOf(JsonNode request) {
        String url = request.at("/messages/1/content/1/image_url/url").asText();
        return new String(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)), StandardCharsets.UTF_8);
    }

    @Test
    void theBuiltInExtractorAnswersWhenNoModelIsConfigured() throws Exception {
        JsonNode out = Extractions.run(invoice, config("per_doc", INVOICE_SCHEMA, ""), Optional.empty(), List::of, "i");
        assertThat(out.get("extractor").asText()).isEqualTo("built-in");
        assertThat(requests).isEmpty();
    }

    private JsonNode run(JsonNode configuration, LlmExtractor llm) throws SchemaProblem {
        return Extractions.run(invoice, configuration, Optional.of(llm), List::of, "item i of job j");
    }
}
