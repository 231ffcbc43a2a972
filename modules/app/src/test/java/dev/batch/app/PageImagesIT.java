package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.client.ApiPaths;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page of a parse job's PDF as a PNG, rendered when asked (the dashboard's page view): in the
 * shape the items' boxes are measured in, what it refuses and why, and only for the job's project.
 */
@WithKafka
class PageImagesIT {
    @TempDir
    static Path data;

    static RunningSystem sys;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(kafka, data, "page-images", Map.of());
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    @Test
    void rendersAParsedPageInTheShapeItsItemsAreMeasuredIn() throws Exception {
        String job = parse(sys.api, sys.upload(Corpus.file("parse/pdf/sec10q-2022_Q3_AAPL.pdf")), "2-3");
        JsonNode page = sys.api
                .get(ApiPaths.path(ApiPaths.PARSE_JOB, job) + "?expand=items")
                .json()
                .get("items")
                .get("pages")
                .get(1);
        assertThat(page.get("page_number").asInt()).isEqualTo(4);

        HttpResponse<byte[]> png = image(sys.api, job, "4");

        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(png.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).startsWith("private"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
        double points =
                page.get("page_width").asDouble() / page.get("page_height").asDouble();
        assertThat((double) image.getWidth() / image.getHeight()).isCloseTo(points, Offset.offset(0.003));
        assertThat(image.getWidth()).isBetween(600, 3000);
    }

    @Test
    void showsAPageOnlyToTheProjectOfTheJob() throws Exception {
        byte[] bytes = Files.readAllBytes(Corpus.file("parse/pdf/arxiv-2201.00200.pdf"));
        String ours = parse(sys.api, sys.upload("paper.pdf", bytes), "0");
        String theirs = parse(sys.other, sys.other.uploadFile("paper.pdf", bytes), "0");

        assertThat(image(sys.api, ours, "1").statusCode()).isEqualTo(200);
        assertThat(image(sys.other, theirs, "1").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> crossed = image(sys.other, ours, "1");
        assertThat(crossed.statusCode()).isEqualTo(404);
        assertThat(new String(crossed.body(), StandardCharsets.UTF_8)).contains("parse job " + ours + " not found");
        assertThat(image(sys.api, theirs, "1").statusCode()).isEqualTo(404);
        assertThat(image(new BatchApiClient(sys.base(), null), ours, "1").statusCode())
                .isEqualTo(401);
    }

    @Test
    void refusesPagesTheDocumentDoesNotHaveAndFilesThatAreNotPdfs() throws Exception {
        String pdf = sys.upload(Corpus.file("parse/pdf/arxiv-2201.00200.pdf"));
        String job = parse(sys.api, pdf, "0-1");

        assertThat(refusal(job, "0")).isEqualTo("page_number: must be a page number from 1, got '0'");
        assertThat(refusal(job, "one")).isEqualTo("page_number: must be a page number from 1, got 'one'");
        assertThat(refusal(job, "8")).isEqualTo("page_number: the document has 7 pages, not 8");
        assertThat(image(sys.api, job, "7").statusCode())
                .as("a page the job did not parse is still a page of its file")
                .isEqualTo(200);

        String note = parse(sys.api, sys.upload("note.txt", "Just a note.".getBytes(StandardCharsets.UTF_8)), null);
        assertThat(refusal(note, "1")).startsWith("job_id: the file of parse job " + note + " (note.txt) is not a PDF");
        assertThat(image(sys.api, "pjb-bm8tc2xhc2g", "1").statusCode()).isEqualTo(404);

        assertThat(sys.api.delete(ApiPaths.path(ApiPaths.FILE, pdf)).status()).isEqualTo(204);
        HttpResponse<byte[]> gone = image(sys.api, job, "1");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(new String(gone.body(), StandardCharsets.UTF_8)).contains("is no longer stored");
    }

    /** The parse job of a batch job over one file ({@code pages}: target_pages, null for all), once completed. */
    private static String parse(BatchApiClient api, String fileId, String pages) {
        String parameters = pages == null ? "{}" : "{\"target_pages\": \"" + pages + "\"}";
        ApiResponse created = api.post(
                BATCH, "{\"job_config\": {\"parameters\": " + parameters + "}, \"item_ids\": [\"" + fileId + "\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String job = created.json().get("id").asText();
        assertThat(RunningSystem.awaitTerminal(api, job)
                        .get("job")
                        .get("status")
                        .asText())
                .isEqualTo("completed");
        return api.get(BATCH + "/" + job + "/items")
                .json()
                .get("items")
                .get(0)
                .get("job_id")
                .asText();
    }

    private static HttpResponse<byte[]> image(BatchApiClient api, String parseJob, String page) throws Exception {
        HttpRequest request = api.request(ApiPaths.path(ApiPaths.PARSE_JOB_PAGE_IMAGE, parseJob, page))
                .GET()
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The 422's detail, after checking that its one error names the same path parameter. */
    private static String refusal(String parseJob, String page) throws Exception {
        HttpResponse<byte[]> r = image(sys.api, parseJob, page);
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode body = new ObjectMapper().readTree(r.body());
        String detail = body.get("detail").asText();
        assertThat(body.get("errors").get(0).get("loc").toString())
                .isEqualTo("[\"path\",\"" + detail.substring(0, detail.indexOf(':')) + "\"]");
        return detail;
    }
}
