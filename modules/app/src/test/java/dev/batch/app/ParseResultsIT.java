package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.Ids;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parse results through the child job an item links to, and the item result convenience endpoint. */
@WithKafka
class ParseResultsIT {
    @TempDir
    static Path data;

    static RunningSystem sys;
    static BatchApiClient api;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(kafka, data, "parse-results", Map.of());
        api = sys.api;
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    @Test
    void servesPagesTextMarkdownAndItemsThroughTheChildJobOfAnItem() {
        String pdf = sys.upload(Corpus.file("parse/pdf/arxiv-2201.00200.pdf"));
        String job = sys.createJob(
                "{\"job_config\": {\"parameters\": {\"target_pages\": \"0-2\", \"custom_metadata\": {\"case\": \"A-7\"}}},"
                        + " \"item_ids\": [\"" + pdf + "\"]}");
        assertThat(sys.awaitTerminal(job).get("status").asText()).isEqualTo("completed");

        JsonNode item =
                api.get(BATCH + "/" + job + "/items").json().get("items").get(0);
        String child = item.get("job_id").asText();
        assertThat(child).isNotBlank();

        JsonNode bare = api.get("/api/v2/parse/" + child).json();
        assertThat(bare.get("job").get("status").asText()).isEqualTo("COMPLETED");
        assertThat(bare.get("job").get("name").asText()).isEqualTo("arxiv-2201.00200.pdf");
        assertThat(bare.has("text")).isFalse();

        JsonNode full = api.get("/api/v2/parse/" + child
                        + "?expand=text,markdown,items,metadata,text_full,markdown_full,job_metadata")
                .json();
        assertThat(full.get("text").get("pages")).hasSize(3);
        assertThat(full.get("text").get("pages").get(0).get("page_number").asInt())
                .isEqualTo(1);
        assertThat(full.get("text").get("pages").get(0).get("text").asText())
                .contains("Local heating due to convective overshooting");
        assertThat(full.get("markdown").get("pages").get(0).get("markdown").asText())
                .contains("## 1. Introduction");
        assertThat(full.get("markdown").get("pages").get(0).get("success").asBoolean())
                .isTrue();
        JsonNode firstItems = full.get("items").get("pages").get(0).get("items");
        assertThat(firstItems.get(0).get("type").asText()).isEqualTo("text");
        assertThat(firstItems.get(0).has("md")).isTrue();
        assertThat(firstItems.get(0).get("bbox").get(0).get("w").asDouble()).isPositive();
        assertThat(full.get("items").get("pages").get(0).get("page_width").asDouble())
                .isCloseTo(595.3, Offset.offset(0.1)); // A4
        assertThat(full.get("metadata").get("total_pages").asInt()).isEqualTo(7);
        assertThat(full.get("markdown_full").asText()).contains("\n---\n");
        assertThat(full.get("job_metadata").get("custom_metadata").get("case").asText())
                .isEqualTo("A-7");

        // repeated expand parameters, as some clients send them
        assertThat(api.get("/api/v2/parse/" + child + "?expand=text&expand=items")
                        .json()
                        .has("items"))
                .isTrue();
        assertThat(api.get("/api/v2/parse/" + child + "?expand=pixels").status())
                .isEqualTo(422);
        assertThat(sys.other.get("/api/v2/parse/" + child).status()).isEqualTo(404);

        // Ids that name no parse item of the caller: another item, another job, not an id at all.
        assertThat(api.get("/api/v2/parse/" + Ids.parseJob(job, "no-such-item")).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v2/parse/"
                                + Ids.parseJob("bjb-none", item.get("item_id").asText()))
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/v2/parse/pjb-%25%25").status()).isEqualTo(404);
        assertThat(api.get("/api/v2/parse/pjb-bm8tc2xhc2g").status())
                .as("base64 of a string without '/'")
                .isEqualTo(404);
    }

    @Test
    void savesPageScreenshotsAndEmbeddedImagesBehindSignedUrls() throws Exception {
        String pdf = sys.upload(Corpus.file("parse/pdf/arxiv-2201.00200.pdf"));
        String job =
                sys.createJob("{\"job_config\": {\"parameters\": {\"images_to_save\": [\"screenshot\", \"embedded\"],"
                        + " \"target_pages\": \"0-1\", \"do_not_cache\": true}}, \"item_ids\": [\"" + pdf + "\"]}");
        assertThat(sys.awaitTerminal(job).get("status").asText()).isEqualTo("completed");
        String child = api.get(BATCH + "/" + job + "/items")
                .json()
                .get("items")
                .get(0)
                .get("job_id")
                .asText();
        JsonNode images = api.get("/api/v2/parse/" + child + "?expand=images_content_metadata")
                .json()
                .get("images_content_metadata");
        assertThat(images.get("total_count").asInt()).isGreaterThanOrEqualTo(2);
        List<String> categories = new ArrayList<>();
        images.get("images").forEach(i -> categories.add(i.get("category").asText()));
        assertThat(categories).contains("screenshot");
        JsonNode first = images.get("images").get(0);
        assertThat(first.get("filename").asText()).isEqualTo("page_1.png");
        HttpResponse<byte[]> png = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(first.get("presigned_url").asText()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.body()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(png.body().length).isEqualTo(first.get("size_bytes").asInt());
        HttpResponse<byte[]> forged = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        first.get("presigned_url").asText().replace("page_1", "page_2")))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void servesAnItemsResultAsMarkdownTextOrJson() {
        String html = sys.upload(Corpus.file("parse/html/tika__testHTML.html"));
        String job = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + html + "\"]}");
        sys.awaitTerminal(job);
        ApiResponse md = api.get(BATCH + "/items/" + html + "/result?format=markdown");
        assertThat(md.status()).isEqualTo(200);
        assertThat(md.raw()).startsWith("# Test Indexation Html");
        assertThat(api.get(BATCH + "/items/" + html + "/result?format=text").raw())
                .startsWith("Test Indexation Html");
        JsonNode json =
                api.get(BATCH + "/items/" + html + "/result?format=json").json();
        assertThat(json.get("pages").get(0).get("items")).isNotEmpty();
        assertThat(json.get("file_name").asText()).isEqualTo("tika__testHTML.html");
        assertThat(api.get(BATCH + "/items/" + html + "/result?format=pdf").status())
                .isEqualTo(422);
        assertThat(api.get(BATCH + "/items/no-such-item/result").status()).isEqualTo(404);
    }

    @Test
    void linksAFailedItemToAFailedChildJobWithTheReason() {
        String bad = sys.upload(Corpus.file("parse/docx/tika__testWORD_protected_passtika.docx"));
        String job = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + bad + "\"]}");
        assertThat(sys.awaitTerminal(job).get("status").asText()).isEqualTo("failed");
        JsonNode item =
                api.get(BATCH + "/" + job + "/items").json().get("items").get(0);
        assertThat(item.get("error_message").asText()).contains("password-protected");
        JsonNode child =
                api.get("/api/v2/parse/" + item.get("job_id").asText()).json().get("job");
        assertThat(child.get("status").asText()).isEqualTo("FAILED");
        assertThat(child.get("error_message").asText()).contains("password-protected");
    }
}
