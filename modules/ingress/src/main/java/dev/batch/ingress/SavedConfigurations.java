package dev.batch.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.common.catalog.Catalog;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ConfigurationRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A project's saved configurations, kept in the catalog ({@code batch.configurations}): what the
 * configuration routes read and write, and {@link #parameters} for the routes that take a
 * {@code configuration_id}. Every read is the caller's project only: another project's
 * configuration is not found.
 */
final class SavedConfigurations {
    /** A write and whether it made a new configuration (else it updated the one of that name). */
    record Saved(ConfigurationRecord record, boolean created) {}

    private static final Comparator<ConfigurationRecord> NEWEST = Comparator.comparing(ConfigurationRecord::getVersion)
            .thenComparing(ConfigurationRecord::getConfigurationId);

    private final CatalogAccess catalog;
    private final Topics topics;
    private final Clock clock;
    // Writes of one project one at a time on this instance, so an upsert finds the name it races with.
    private final Object[] stripes = new Object[64];

    SavedConfigurations(CatalogAccess catalog, Topics topics, Clock clock) {
        this.catalog = catalog;
        this.topics = topics;
        this.clock = clock;
        for (int i = 0; i < stripes.length; i++) stripes[i] = new Object();
    }

    /**
     * The parameters of the project's saved configuration {@code configurationId}, which must be
     * of {@code productType} ({@code parse_v2}, {@code classify_v2}): a fresh object in the shape
     * of the product's own configuration (without {@code product_type}). A 422 naming
     * {@code configuration_id} when the project has no such configuration.
     */
    ObjectNode parameters(String project, String configurationId, String productType) {
        ConfigurationRecord c = find(project, configurationId)
                .orElseThrow(() ->
                        ApiException.invalid("configuration_id", "configuration '" + configurationId + "' not found"));
        if (!c.getProductType().equals(productType)) {
            throw ApiException.invalid(
                    "configuration_id",
                    "configuration '" + configurationId + "' is a " + c.getProductType() + " configuration, not "
                            + productType);
        }
        ObjectNode out = parametersOf(c);
        out.remove("product_type");
        return out;
    }

    /** The project's configuration {@code id}, if it has one. */
    Optional<ConfigurationRecord> find(String project, String id) {
        if (id == null || id.isBlank()) return Optional.empty();
        return catalog.lookup(topics.configurations, () -> catalog.view().configuration(id))
                .filter(c -> c.getProjectId().equals(project));
    }

    /** The project's configuration {@code id}; a 404 when it has none. */
    ConfigurationRecord get(String project, String id) {
        return find(project, id).orElseThrow(() -> ApiException.notFound("configuration " + id));
    }

    /** Saves {@code parameters} under {@code name}: updates the project's configuration of that type and name, else creates one. */
    Saved save(String project, String name, String productType, JsonNode parameters) throws Publisher.PublishException {
        synchronized (stripe(project)) {
            catalog.catchUp(topics.configurations);
            Instant now = clock.instant();
            Optional<ConfigurationRecord> existing = latest(project, productType, name);
            ConfigurationRecord c = existing.map(ConfigurationRecord::newBuilder)
                    .orElseGet(() -> ConfigurationRecord.newBuilder()
                            .setConfigurationId("cfg-" + UUID.randomUUID())
                            .setProjectId(project)
                            .setName(name)
                            .setProductType(productType)
                            .setCreatedAt(now))
                    .setParametersJson(parameters.toString())
                    .setVersion(now)
                    .setUpdatedAt(now)
                    .build();
            catalog.publish(topics.configurations, c.getConfigurationId(), c);
            return new Saved(c, existing.isEmpty());
        }
    }

    /**
     * Renames the project's configuration {@code id} and/or replaces its parameters (null: left
     * as they are); a 409 when another configuration of its type has the new name.
     */
    ConfigurationRecord update(String project, String id, String name, JsonNode parameters)
            throws Publisher.PublishException {
        synchronized (stripe(project)) {
            ConfigurationRecord c = get(project, id);
            if (name == null && parameters == null) return c;
            if (name != null && !name.equals(c.getName())) {
                catalog.catchUp(topics.configurations);
                if (latest(project, c.getProductType(), name).isPresent()) {
                    throw new ApiException(
                            409, "a " + c.getProductType() + " configuration named '" + name + "' exists already");
                }
                c.setName(name);
            }
            if (parameters != null) c.setParametersJson(parameters.toString());
            Instant now = clock.instant();
            c.setVersion(now);
            c.setUpdatedAt(now);
            catalog.publish(topics.configurations, id, c);
            return c;
        }
    }

    /** Deletes the project's configuration {@code id} for good; a 404 when it has none. */
    void delete(String project, String id) throws Publisher.PublishException {
        synchronized (stripe(project)) {
            get(project, id);
            catalog.publish(topics.configurations, id, null);
        }
    }

    /**
     * A page of the project's configurations that {@code filter} passes, in id order after
     * {@code afterId}; with {@code latestOnly}, of each product type and name only the latest.
     */
    Catalog.Page<ConfigurationRecord> list(
            String project, String afterId, int limit, Predicate<ConfigurationRecord> filter, boolean latestOnly) {
        Predicate<ConfigurationRecord> wanted = filter;
        if (latestOnly) {
            Set<String> latest = latestIds(project, filter);
            wanted = c -> latest.contains(c.getConfigurationId());
        }
        return catalog.view().configurations(project, afterId, limit, wanted);
    }

    /** The parameters object a configuration was saved with. */
    static ObjectNode parametersOf(ConfigurationRecord c) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(c.getParametersJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("configuration " + c.getConfigurationId() + " holds no JSON object", e);
        }
    }

    /**
     * The project's latest configuration of a type and name. One instance saves a name once;
     * two instances saving the same new name at the same moment may each create one, and then
     * the latest is the one that counts.
     */
    private Optional<ConfigurationRecord> latest(String project, String productType, String name) {
        return all(
                        project,
                        c -> c.getProductType().equals(productType)
                                && c.getName().equals(name))
                .stream()
                .max(NEWEST);
    }

    private Set<String> latestIds(String project, Predicate<ConfigurationRecord> filter) {
        Map<String, ConfigurationRecord> latest = new HashMap<>();
        for (ConfigurationRecord c : all(project, filter)) {
            latest.merge(c.getProductType() + "\u0000" + c.getName(), c, (a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
        }
        return latest.values().stream()
                .map(ConfigurationRecord::getConfigurationId)
                .collect(Collectors.toSet());
    }

    private List<ConfigurationRecord> all(String project, Predicate<ConfigurationRecord> filter) {
        return catalog.view()
                .configurations(project, null, Integer.MAX_VALUE, filter)
                .items();
    }

    private Object stripe(String project) {
        return stripes[Math.floorMod(project.hashCode(), stripes.length)];
    }
}
