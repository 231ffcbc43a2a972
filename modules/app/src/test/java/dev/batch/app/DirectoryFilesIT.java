package dev.batch.app;

import static dev.batch.app.RunningSystem.BATCH;
import static dev.batch.app.RunningSystem.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.common.kafka.Topics;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directories and files as the SDK has them, through real HTTP and two API keys: directory-file
 * ids as a job's items, moving a directory file, {@code null} clearing a field, the files query,
 * cursor pages, and the SDK's {@code unmapped_event}.
 */
@WithKafka
class DirectoryFilesIT {
    private static final String DIRECTORIES = "/api/v1/beta/directories";
    private static final String QUERY = "/api/v1/beta/files/query";

    @TempDir
    static Path data;

    static RunningSystem sys;
    static BatchApiClient api;
    static String bootstrap;
    static Topics topics;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(kafka, data, "directory-files", Map.of("BATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
        api = sys.api;
        bootstrap = kafka.bootstrap();
        topics = Topics.create(sys.namespace, 3);
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    // ---- directory-file ids as item_ids ----

    @Test
    void runsAJobOverADirectoryJobsItemIdsWhoseItemsKeepThoseIds() throws Exception {
        String dir = directory("papers");
        upload(dir, "apples.txt", "a note about apples");
        upload(dir, "pears.txt", "a note about pears");
        String first = sys.createJob(
                "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"directory_id\": \"" + dir + "\"}");
        assertThat(sys.awaitTerminal(first).get("status").asText()).isEqualTo("completed");
        List<String> dfls = itemIds(api, first);
        assertThat(dfls).hasSize(2).allSatisfy(id -> assertThat(id).startsWith("dfl-"));

        String again = sys.createJob(
                "{\"job_config\": {\"parameters\": {\"do_not_cache\": true}}, \"item_ids\": " + ids(dfls) + "}");
        JsonNode done = sys.awaitTerminal(again);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("processed_items").asInt()).isEqualTo(2);
        JsonNode items = api.get(BATCH + "/" + again + "/items").json().get("items");
        assertThat(itemIds(api, again)).containsExactlyInAnyOrderElementsOf(dfls);
        items.forEach(i -> assertThat(i.get("item_name").asText()).isIn("apples.txt", "pears.txt"));
        assertThat(api.get(BATCH + "/items/" + dfls.get(0) + "/result?format=text")
                        .raw())
                .containsAnyOf("apples", "pears");

        ApiResponse foreign = sys.other.post(BATCH, "{\"job_config\": {}, \"item_ids\": " + ids(dfls) + "}");
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(422);
        assertThat(foreign.json().get("detail").asText()).startsWith("item_ids: unknown ids ");
        assertThat(foreign.json().at("/errors/0/loc/1").asText()).isEqualTo("item_ids");
        assertThat(foreign.raw()).doesNotContain("apples.txt").doesNotContain(dir);
    }

    @Test
    void refusesADeletedDirectoryFileAndOneAnotherProjectProducesStraightToKafka() throws Exception {
        String dir = directory("shredder");
        String kept = upload(dir, "kept.txt", "kept words");
        String gone = upload(dir, "gone.txt", "gone words");
        assertThat(api.delete(DIRECTORIES + "/" + dir + "/files/" + gone).status())
                .isEqualTo(204);

        ApiResponse deleted =
                api.post(BATCH, "{\"job_config\": {}, \"item_ids\": [\"" + kept + "\", \"" + gone + "\"]}");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(422);
        assertThat(deleted.json().get("detail").asText()).isEqualTo("item_ids: unknown ids " + gone);

        String jobId = "bjb-foreign-dfl-" + System.nanoTime();
        produce(JobRequested.newBuilder()
                .setJobId(jobId)
                .setProjectId("other-project")
                .setJobType(JobType.parse)
                .setJobConfigJson("{}")
                .setItemIds(List.of(kept))
                .setRequestedAt(Instant.now())
                .build());
        JsonNode job = RunningSystem.awaitTerminal(sys.other, jobId).get("job");
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(job.get("error_message").asText()).isEqualTo("item_ids: unknown ids " + kept);
        assertThat(sys.other.get(BATCH + "/" + jobId + "/items").raw()).doesNotContain("kept.txt");
    }

    // ---- moving a directory file ----

    @Test
    void movesADirectoryFileToAnotherDirectoryOfTheProjectKeepingItsId() {
        String from = directory("inbox");
        String to = directory("archive");
        String dfl = upload(from, "letter.txt", "a letter to archive");

        ApiResponse moved = api.patch(file(from, dfl), "{\"body_directory_id\": \"" + to + "\"}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("id").asText()).isEqualTo(dfl);
        assertThat(moved.json().get("directory_id").asText()).isEqualTo(to);
        assertThat(api.get(file(from, dfl)).status()).isEqualTo(404);
        assertThat(api.get(file(to, dfl)).json().get("display_name").asText()).isEqualTo("letter.txt");
        assertThat(listed(from + "/files?include_deleted=true")).doesNotContain(dfl);
        assertThat(listed(to + "/files")).containsExactly(dfl);

        String job = sys.createJob("{\"job_config\": {}, \"item_ids\": [\"" + dfl + "\"]}");
        assertThat(sys.awaitTerminal(job).get("status").asText()).isEqualTo("completed");
        assertThat(itemIds(api, job)).containsExactly(dfl);

        ApiResponse back = api.patch(file(to, dfl), "{\"directory_id\": \"" + from + "\", \"display_name\": \"back\"}");
        assertThat(back.json().get("directory_id").asText()).isEqualTo(from);
        assertThat(listed(from + "/files")).containsExactly(dfl);
        assertThat(listed(to + "/files?include_deleted=true")).isEmpty();
    }

    @Test
    void refusesAMoveToADirectoryThatIsUnknownDeletedOrAnotherProjects() {
        String from = directory("desk");
        String dfl = upload(from, "memo.txt", "a memo");
        String deleted = directory("bin");
        api.delete(DIRECTORIES + "/" + deleted);
        String theirs = sys.other
                .post(DIRECTORIES, "{\"name\": \"theirs\"}")
                .json()
                .get("id")
                .asText();

        for (String target : List.of("dir-nowhere", deleted, theirs)) {
            ApiResponse r = api.patch(file(from, dfl), "{\"directory_id\": \"" + target + "\"}");
            assertThat(r.status()).as(r.toString()).isEqualTo(422);
            assertThat(r.json().get("detail").asText()).isEqualTo("directory_id: directory '" + target + "' not found");
        }
        ApiResponse sdk = api.patch(file(from, dfl), "{\"body_directory_id\": \"dir-nowhere\"}");
        assertThat(sdk.json().get("detail").asText()).startsWith("body_directory_id: ");
        assertThat(sys.other
                        .patch(file(from, dfl), "{\"directory_id\": \"" + theirs + "\"}")
                        .status())
                .as("another project's key finds nothing to move")
                .isEqualTo(404);
        assertThat(listed(from + "/files")).containsExactly(dfl);
        assertThat(sys.other.get(DIRECTORIES + "/" + theirs + "/files").json().get("items"))
                .isEmpty();
    }

    // ---- null clears, absent keeps ----

    @Test
    void clearsAnOptionalFieldWithNullKeepsAnAbsentOneAndRefusesNullForARequiredOne() {
        String dir = api.post(DIRECTORIES, "{\"name\": \"ledger\", \"description\": \"2026\"}")
                .json()
                .get("id")
                .asText();
        JsonNode renamed =
                api.patch(DIRECTORIES + "/" + dir, "{\"name\": \"ledgers\"}").json();
        assertThat(renamed.get("description").asText()).isEqualTo("2026");
        JsonNode cleared =
                api.patch(DIRECTORIES + "/" + dir, "{\"description\": null}").json();
        assertThat(cleared.get("description").isNull()).isTrue();
        assertThat(cleared.get("name").asText()).isEqualTo("ledgers");
        ApiResponse nameless = api.patch(DIRECTORIES + "/" + dir, "{\"name\": null}");
        assertThat(nameless.status()).isEqualTo(422);
        assertThat(nameless.json().get("detail").asText()).startsWith("name: ");
        assertThat(api.get(DIRECTORIES + "/" + dir).json().get("name").asText()).isEqualTo("ledgers");

        String fileId = sys.upload("invoice-7.txt", "invoice seven".getBytes(StandardCharsets.UTF_8));
        String dfl = api.post(
                        DIRECTORIES + "/" + dir + "/files",
                        "{\"file_id\": \"" + fileId
                                + "\", \"display_name\": \"Invoice 7\", \"unique_id\": \"inv-7\", \"metadata\": {\"year\": 2026}}")
                .json()
                .get("id")
                .asText();
        JsonNode untouched = api.patch(file(dir, dfl), "{}").json();
        assertThat(untouched.get("display_name").asText()).isEqualTo("Invoice 7");
        assertThat(untouched.get("metadata").get("year").asInt()).isEqualTo(2026);
        JsonNode noMetadata = api.patch(file(dir, dfl), "{\"metadata\": null}").json();
        assertThat(noMetadata.get("metadata").isNull()).isTrue();
        assertThat(noMetadata.get("unique_id").asText()).isEqualTo("inv-7");
        JsonNode defaults = api.patch(file(dir, dfl), "{\"display_name\": null, \"unique_id\": null}")
                .json();
        assertThat(defaults.get("display_name").asText()).isEqualTo("invoice-7.txt");
        assertThat(defaults.get("unique_id").asText()).isEqualTo(fileId);
        assertThat(api.get(file(dir, dfl)).json().get("display_name").asText()).isEqualTo("invoice-7.txt");
    }

    // ---- POST /files/query ----

    @Test
    void queriesFilesWithTheFilterInTheBodyPageByPage() {
        String tag = Long.toString(System.nanoTime());
        String a = sys.upload("q-a-" + tag + ".txt", "a".getBytes(StandardCharsets.UTF_8));
        String b = sys.upload("q-b-" + tag + ".txt", "b".getBytes(StandardCharsets.UTF_8));
        String external = api.upload(
                        "/api/v1/beta/files",
                        "file",
                        "q-c.txt",
                        "c".getBytes(StandardCharsets.UTF_8),
                        Map.of("external_file_id", "ext-" + tag))
                .json()
                .get("id")
                .asText();

        Set<String> seen = new LinkedHashSet<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = query("{\"filter\": {\"file_ids\": [\"" + a + "\", \"" + b + "\"]}, \"page_size\": 1"
                            + (token == null ? "" : ", \"page_token\": \"" + token + "\"") + "}")
                    .json();
            assertThat(page.get("items")).hasSizeLessThanOrEqualTo(1);
            page.get("items").forEach(f -> seen.add(f.get("id").asText()));
            token = page.get("next_page_token").isNull()
                    ? null
                    : page.get("next_page_token").asText();
            pages++;
        } while (token != null && pages < 5);
        assertThat(seen).containsExactlyInAnyOrder(a, b);

        JsonNode byName =
                query("{\"filter\": {\"file_name\": \"q-a-" + tag + ".txt\"}}").json();
        assertThat(byName.get("items"))
                .singleElement()
                .satisfies(f -> assertThat(f.get("id").asText()).isEqualTo(a));
        assertThat(byName.get("total_size").asInt()).isEqualTo(1);
        assertThat(byName.get("next_page_token").isNull()).isTrue();
        assertThat(idsOf(query("{\"filter\": {\"external_file_id\": \"ext-" + tag + "\", \"project_id\": \""
                        + sys.system.projectId() + "\"}, \"order_by\": \"created_at desc\"}")))
                .containsExactly(external);
        assertThat(idsOf(query("{\"filter\": {\"file_ids\": [\"" + a + "\"], \"only_manually_uploaded\": true}}")))
                .containsExactly(a);
        assertThat(idsOf(query("{\"filter\": {\"file_ids\": [\"" + a + "\"], \"data_source_id\": \"ds-1\"}}")))
                .isEmpty();
        assertThat(query("{\"page_size\": 5000}").status()).isEqualTo(200);
    }

    @Test
    void answersABadFilesQueryWithTheFieldNamedAndShowsNoProjectAnothersFiles() {
        String mine = sys.upload("mine-" + System.nanoTime() + ".txt", "mine".getBytes(StandardCharsets.UTF_8));
        ApiResponse otherProject = query("{\"filter\": {\"project_id\": \"other-project\"}}");
        assertThat(otherProject.status()).isEqualTo(422);
        assertThat(otherProject.json().get("detail").asText()).startsWith("filter.project_id: ");
        assertThat(query("{\"page_size\": 0}").json().get("detail").asText()).startsWith("page_size: ");
        assertThat(query("{\"filter\": {\"file_ids\": \"" + mine + "\"}}")
                        .json()
                        .get("detail")
                        .asText())
                .startsWith("filter.file_ids: ");
        assertThat(query("{\"filter\": 3}").status()).isEqualTo(422);
        assertThat(query("{not json").status()).isEqualTo(400);

        ApiResponse theirs = sys.other.post(QUERY, "{\"filter\": {\"file_ids\": [\"" + mine + "\"]}}");
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.json().get("items")).isEmpty();
        assertThat(theirs.raw()).doesNotContain(mine);
    }

    // ---- cursor pages, webhook events ----

    @Test
    void pagesThroughDirectoriesAndTheirFilesByTheTokenTheSdkSendsBack() {
        String dir = directory("pages");
        List<String> dfls = new ArrayList<>();
        for (int i = 0; i < 3; i++) dfls.add(upload(dir, "page-" + i + ".txt", "page " + i));
        assertThat(everyPage(DIRECTORIES + "/" + dir + "/files?page_size=1")).containsExactlyInAnyOrderElementsOf(dfls);
        directory("pages-2");
        assertThat(everyPage(DIRECTORIES + "?page_size=1")).contains(dir).hasSizeGreaterThanOrEqualTo(2);
        assertThat(everyPage("/api/v1/beta/files?page_size=2")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void acceptsTheSdksUnmappedEventAmongAReceiversWebhookEvents() {
        String file = sys.upload("hooked.txt", "hooked".getBytes(StandardCharsets.UTF_8));
        String receiver = "{\"webhook_url\": \"http://127.0.0.1:9/hook\", \"webhook_events\": ";
        ApiResponse ok = api.post(
                BATCH,
                "{\"job_config\": {\"webhook_configurations\": [" + receiver
                        + "[\"parse.success\", \"unmapped_event\"]}]}, \"item_ids\": [\"" + file + "\"]}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        ApiResponse bad = api.post(
                BATCH,
                "{\"job_config\": {\"webhook_configurations\": [" + receiver + "[\"parse.unmapped\"]}]},"
                        + " \"item_ids\": [\"" + file + "\"]}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("detail").asText())
                .startsWith("job_config.webhook_configurations[0].webhook_events: 'parse.unmapped'");
        sys.awaitTerminal(ok.json().get("id").asText());
    }

    /** Every id of a cursor listing, following {@code next_page_token} as the SDK's PaginatedCursor does. */
    private static List<String> everyPage(String first) {
        List<String> out = new ArrayList<>();
        String token = null;
        for (int pages = 0; pages < 1000; pages++) {
            ApiResponse r = api.get(first + (token == null ? "" : "&page_token=" + token));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.json().get("items").forEach(i -> out.add(i.get("id").asText()));
            JsonNode next = r.json().get("next_page_token");
            if (next == null || next.isNull() || next.asText().isEmpty()) return out;
            token = next.asText();
        }
        throw new AssertionError("no last page after 1000 pages of " + first);
    }

    private static String directory(String name) {
        ApiResponse r = api.post(DIRECTORIES, "{\"name\": \"" + name + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** Uploads a file into a directory; its {@code dfl-} id. */
    private static String upload(String dir, String name, String text) {
        ApiResponse r = api.upload(
                DIRECTORIES + "/" + dir + "/files/upload",
                "upload_file",
                name,
                text.getBytes(StandardCharsets.UTF_8),
                Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static String file(String dir, String dfl) {
        return DIRECTORIES + "/" + dir + "/files/" + dfl;
    }

    private static List<String> listed(String dirAndQuery) {
        return idsOf(api.get(DIRECTORIES + "/" + dirAndQuery));
    }

    private static ApiResponse query(String body) {
        return api.post(QUERY, body);
    }

    private static List<String> idsOf(ApiResponse page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        page.json().get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    private static List<String> itemIds(BatchApiClient client, String job) {
        List<String> out = new ArrayList<>();
        client.get(BATCH + "/" + job + "/items")
                .json()
                .get("items")
                .forEach(i -> out.add(i.get("item_id").asText()));
        return out;
    }

    private static void produce(JobRequested request) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(topics.jobRequests.record(request.getJobId(), request))
                    .get();
        }
    }
}
