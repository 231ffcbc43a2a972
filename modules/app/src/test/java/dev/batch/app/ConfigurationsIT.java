package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import dev.batch.client.ApiResponse;
import dev.batch.client.BatchApiClient;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved configurations over HTTP ({@code client.configurations}): saved by name (again: updated),
 * listed by cursor and filters, read, renamed, replaced, deleted for good; bad parameters are a 422
 * naming the field; and two projects never see each other's.
 */
@WithKafka
class ConfigurationsIT {
    private static final String CONFIGS = ApiPaths.CONFIGURATIONS;

    @TempDir
    static Path data;

    static RunningSystem sys;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        sys = RunningSystem.start(kafka, data, "configurations", Map.of());
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    private static String parse(String tier) {
        return "{\"product_type\": \"parse_v2\", \"tier\": \"" + tier + "\", \"version\": \"latest\","
                + " \"output_options\": {\"markdown\": {\"tables\": {\"output_tables_as_markdown\": true}}}}";
    }

    private static String classify(String... types) {
        List<String> rules = new ArrayList<>();
        for (String t : types) rules.add("{\"type\": \"" + t + "\", \"description\": \"a " + t + " document\"}");
        return "{\"product_type\": \"classify_v2\", \"rules\": [" + String.join(", ", rules) + "]}";
    }

    private static ApiResponse save(BatchApiClient api, String name, String parameters) {
        return api.post(CONFIGS, "{\"name\": \"" + name + "\", \"parameters\": " + parameters + "}");
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static String one(String configId) {
        return ApiPaths.path(ApiPaths.CONFIGURATION, configId);
    }

    @Test
    void createsAConfigurationAndUpdatesTheSameOneWhenItsNameIsSavedAgain() {
        String name = unique("invoices");
        ApiResponse created = save(sys.api, name, parse("fast"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode c = created.json();
        assertThat(c.get("id").asText()).matches("cfg-[0-9a-f-]{36}");
        assertThat(c.get("name").asText()).isEqualTo(name);
        assertThat(c.get("product_type").asText()).isEqualTo("parse_v2");
        assertThat(c.at("/parameters/tier").asText()).isEqualTo("fast");
        assertThat(c.at("/parameters/output_options/markdown/tables/output_tables_as_markdown")
                        .asBoolean())
                .as("fields the service does not check are kept")
                .isTrue();
        assertThat(Instant.parse(c.get("version").asText()))
                .isEqualTo(Instant.parse(c.get("created_at").asText()));

        ApiResponse again = save(sys.api, name, parse("agentic"));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("id").asText()).isEqualTo(c.get("id").asText());
        assertThat(again.json().at("/parameters/tier").asText()).isEqualTo("agentic");
        assertThat(again.json().get("created_at").asText())
                .isEqualTo(c.get("created_at").asText());
        assertThat(Instant.parse(again.json().get("version").asText()))
                .isAfterOrEqualTo(Instant.parse(c.get("version").asText()));
        assertThat(sys.api
                        .get(one(c.get("id").asText()))
                        .json()
                        .at("/parameters/tier")
                        .asText())
                .isEqualTo("agentic");

        ApiResponse otherType = save(sys.api, name, classify("invoice"));
        assertThat(otherType.status())
                .as("the same name of another product type is another configuration")
                .isEqualTo(201);
        assertThat(otherType.json().get("id").asText()).isNotEqualTo(c.get("id").asText());
    }

    @Test
    void listsTheProjectsConfigurationsByCursorPagesAndFilters() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++)
            mine.add(save(sys.api, unique("page"), parse("fast"))
                    .json()
                    .get("id")
                    .asText());
        String sorterName = unique("sorter");
        String sorter = save(sys.api, sorterName, classify("memo", "letter"))
                .json()
                .get("id")
                .asText();

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ApiResponse page = sys.api.get(ApiPaths.query(CONFIGS, "page_size", 2, "page_token", token));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
            page.json().get("items").forEach(c -> seen.add(c.get("id").asText()));
            token = page.json().get("next_page_token").isNull()
                    ? null
                    : page.json().get("next_page_token").asText();
            pages++;
        } while (token != null && pages < 100);
        assertThat(seen).doesNotHaveDuplicates().containsAll(mine).contains(sorter);
        assertThat(pages).isGreaterThanOrEqualTo(3);

        JsonNode classifyOnly = sys.api
                .get(CONFIGS + "?product_type=classify_v2&page_size=1000")
                .json();
        assertThat(classifyOnly.get("items"))
                .allSatisfy(c -> assertThat(c.get("product_type").asText()).isEqualTo("classify_v2"));
        assertThat(ids(classifyOnly)).contains(sorter).doesNotContainAnyElementsOf(mine);
        JsonNode both = sys.api
                .get(CONFIGS + "?product_type=classify_v2&product_type=parse_v2&page_size=1000")
                .json();
        assertThat(ids(both)).containsAll(mine).contains(sorter);
        JsonNode byName = sys.api
                .get(ApiPaths.query(CONFIGS, "name", sorterName, "latest_only", true))
                .json();
        assertThat(ids(byName)).containsExactly(sorter);
        assertThat(byName.get("next_page_token").isNull()).isTrue();
    }

    @Test
    void readsRenamesReplacesAndDeletesAConfigurationForGood() {
        String name = unique("contracts");
        JsonNode c = save(sys.api, name, classify("contract")).json();
        String id = c.get("id").asText();
        String taken = unique("taken");
        save(sys.api, taken, classify("memo"));

        JsonNode got = sys.api.get(one(id)).json();
        assertThat(got).isEqualTo(c);

        ApiResponse renamed = sys.api.put(one(id), "{\"name\": \"" + name + "-v2\"}");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo(name + "-v2");
        assertThat(renamed.json().get("parameters")).isEqualTo(c.get("parameters"));
        ApiResponse replaced = sys.api.put(one(id), "{\"name\": null, \"parameters\": " + classify("nda") + "}");
        assertThat(replaced.json().get("name").asText()).isEqualTo(name + "-v2");
        assertThat(replaced.json().at("/parameters/rules/0/type").asText()).isEqualTo("nda");
        assertThat(Instant.parse(replaced.json().get("updated_at").asText()))
                .isAfterOrEqualTo(Instant.parse(c.get("updated_at").asText()));

        ApiResponse clash = sys.api.put(one(id), "{\"name\": \"" + taken + "\"}");
        assertThat(clash.status()).as(clash.toString()).isEqualTo(409);
        invalid(sys.api.put(one(id), "{\"parameters\": " + parse("fast") + "}"), "parameters.product_type");

        ApiResponse deleted = sys.api.delete(one(id));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(sys.api.get(one(id)).status()).isEqualTo(404);
        assertThat(sys.api.put(one(id), "{\"name\": \"back\"}").status()).isEqualTo(404);
        assertThat(sys.api.delete(one(id)).status()).isEqualTo(404);
        assertThat(ids(sys.api
                        .get(ApiPaths.query(CONFIGS, "name", name + "-v2"))
                        .json()))
                .isEmpty();
        assertThat(save(sys.api, name + "-v2", classify("contract"))
                        .json()
                        .get("id")
                        .asText())
                .as("the name is free again, for a new configuration")
                .isNotEqualTo(id);
    }

    @Test
    void refusesBadConfigurationsWithA422NamingTheField() {
        invalid(sys.api.post(CONFIGS, "{\"parameters\": " + parse("fast") + "}"), "name");
        invalid(sys.api.post(CONFIGS, "{\"name\": \"x\"}"), "parameters");
        invalid(save(sys.api, "x", "{\"product_type\": \"parse_v2\", \"version\": \"latest\"}"), "parameters.tier");
        invalid(save(sys.api, "x", parse("turbo")), "parameters.tier");
        invalid(save(sys.api, "x", "{\"product_type\": \"parse_v2\", \"tier\": \"fast\"}"), "parameters.version");
        invalid(save(sys.api, "x", "{\"product_type\": \"classify_v2\", \"rules\": []}"), "parameters.rules");
        invalid(save(sys.api, "x", classify("Memo", "memo")), "parameters.rules[1].type");
        invalid(
                save(sys.api, "x", "{\"product_type\": \"extract_v2\", \"data_schema\": {}}"),
                "parameters.data_schema");
        ApiResponse split = save(sys.api, "x", "{\"product_type\": \"split_v1\"}");
        invalid(split, "parameters.product_type");
        assertThat(split.json().get("detail").asText()).contains("not supported by this service");
        ApiResponse filter = sys.api.get(CONFIGS + "?product_type=parse_v3");
        assertThat(filter.status()).isEqualTo(422);
        assertThat(filter.json().at("/errors/0/loc").toString()).isEqualTo("[\"query\",\"product_type\"]");
        assertThat(sys.api.get(CONFIGS + "?page_size=0").status()).isEqualTo(422);
        assertThat(ids(sys.api.get(ApiPaths.query(CONFIGS, "name", "x")).json()))
                .as("nothing refused was saved")
                .isEmpty();
    }

    @Test
    void oneProjectNeverSeesNorChangesAnothersConfigurations() {
        String name = unique("shared-name");
        String a = save(sys.api, name, parse("fast")).json().get("id").asText();
        BatchApiClient other = sys.other;

        assertThat(other.get(one(a)).status()).isEqualTo(404);
        assertThat(other.put(one(a), "{\"name\": \"stolen\"}").status()).isEqualTo(404);
        assertThat(other.delete(one(a)).status()).isEqualTo(404);
        assertThat(ids(other.get(CONFIGS + "?page_size=1000").json())).doesNotContain(a);
        ApiResponse b = save(other, name, parse("agentic"));
        assertThat(b.status())
                .as("the other project's own configuration of that name")
                .isEqualTo(201);
        assertThat(b.json().get("id").asText()).isNotEqualTo(a);
        assertThat(sys.api.get(one(b.json().get("id").asText())).status()).isEqualTo(404);
        assertThat(sys.api.get(CONFIGS + "?project_id=other-project").status()).isEqualTo(404);

        JsonNode mine = sys.api.get(one(a)).json();
        assertThat(mine.get("name").asText()).isEqualTo(name);
        assertThat(mine.at("/parameters/tier").asText()).isEqualTo("fast");
        assertThat(ids(sys.api.get(ApiPaths.query(CONFIGS, "name", name)).json()))
                .containsExactly(a);
    }

    private static void invalid(ApiResponse r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().at("/errors/0/loc/1").asText()).as(r.toString()).isEqualTo(field);
        assertThat(r.headers().firstValue("x-should-retry")).hasValue("false");
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(c -> out.add(c.get("id").asText()));
        return out;
    }
}
