package dev.batch.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ConfigurationRecord;
import dev.batch.testkit.InMemoryCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resolving a {@code configuration_id} for a route, and the latest-only listing, on a catalog in memory. */
class SavedConfigurationsTest {
    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

    private final InMemoryCatalog catalog = new InMemoryCatalog();
    // Reads only: nothing here publishes, so no publisher.
    private final SavedConfigurations saved = new SavedConfigurations(
            new CatalogAccess(catalog, null, topic -> Map.of()), Topics.create(1), Clock.systemUTC());

    private void put(String id, String project, String type, String name, Instant version, String json) {
        catalog.configurations.put(
                id,
                ConfigurationRecord.newBuilder()
                        .setConfigurationId(id)
                        .setProjectId(project)
                        .setName(name)
                        .setProductType(type)
                        .setParametersJson(json)
                        .setVersion(version)
                        .setCreatedAt(AT)
                        .setUpdatedAt(version)
                        .build());
    }

    private static void refusedNaming(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOf(ApiException.class)
                .hasMessageContaining(message)
                .satisfies(e -> {
                    assertThat(((ApiException) e).status).isEqualTo(422);
                    assertThat(((ApiException) e).errors.get(0).loc()).containsExactly("body", "configuration_id");
                });
    }

    @Test
    void resolvesTheCallersConfigurationToItsParametersWithoutTheProductType() {
        put(
                "cfg-1",
                "acme",
                "parse_v2",
                "quick",
                AT,
                "{\"product_type\":\"parse_v2\",\"tier\":\"fast\",\"version\":\"latest\"}");

        ObjectNode p = saved.parameters("acme", "cfg-1", "parse_v2");

        assertThat(p.toString()).isEqualTo("{\"tier\":\"fast\",\"version\":\"latest\"}");
        p.put("tier", "agentic");
        assertThat(saved.parameters("acme", "cfg-1", "parse_v2").get("tier").asText())
                .as("each caller gets its own copy")
                .isEqualTo("fast");
    }

    @Test
    void refusesAnotherProjectsAnUnknownOrAnotherProductsConfigurationNamingConfigurationId() {
        put(
                "cfg-1",
                "acme",
                "parse_v2",
                "quick",
                AT,
                "{\"product_type\":\"parse_v2\",\"tier\":\"fast\",\"version\":\"latest\"}");

        refusedNaming(() -> saved.parameters("beta", "cfg-1", "parse_v2"), "configuration 'cfg-1' not found");
        refusedNaming(() -> saved.parameters("acme", "cfg-none", "parse_v2"), "not found");
        refusedNaming(() -> saved.parameters("acme", "", "parse_v2"), "not found");
        refusedNaming(
                () -> saved.parameters("acme", "cfg-1", "classify_v2"), "is a parse_v2 configuration, not classify_v2");
    }

    @Test
    void listsOnlyTheLatestOfEachProductTypeAndNameWhenAsked() {
        String json = "{\"product_type\":\"parse_v2\",\"tier\":\"fast\",\"version\":\"latest\"}";
        put("cfg-a", "acme", "parse_v2", "twin", AT, json);
        put("cfg-b", "acme", "parse_v2", "twin", AT.plusSeconds(5), json);
        put("cfg-c", "acme", "classify_v2", "twin", AT, "{\"product_type\":\"classify_v2\"}");
        put("cfg-d", "beta", "parse_v2", "twin", AT.plusSeconds(9), json);

        assertThat(saved.list("acme", null, 10, c -> true, true).items())
                .extracting(ConfigurationRecord::getConfigurationId)
                .containsExactly("cfg-b", "cfg-c");
        assertThat(saved.list("acme", null, 10, c -> true, false).items())
                .extracting(ConfigurationRecord::getConfigurationId)
                .containsExactly("cfg-a", "cfg-b", "cfg-c");
        assertThat(saved.list("acme", "cfg-b", 10, c -> c.getProductType().equals("parse_v2"), true)
                        .items())
                .isEmpty();
    }
}
