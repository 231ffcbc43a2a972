package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.catalog.Catalog;
import dev.batch.events.ConfigurationRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /api/v1/beta/configurations}: saved parse and classify configurations (the SDK's
 * {@code client.configurations}): create or update by name, list by cursor, get, update, delete.
 */
final class ConfigurationRoutes {
    private static final int MAX_NAME = 1024;

    private final Callers callers;
    private final SavedConfigurations configurations;

    ConfigurationRoutes(Callers callers, SavedConfigurations configurations) {
        this.callers = callers;
        this.configurations = configurations;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.CONFIGURATIONS, this::create);
        routes.get(ApiPaths.CONFIGURATIONS, this::list);
        routes.get(
                ApiPaths.CONFIGURATION,
                ctx -> ctx.json(View.of(configurations.get(callers.project(ctx), ctx.pathParam("config_id")))));
        routes.put(ApiPaths.CONFIGURATION, this::update);
        routes.delete(ApiPaths.CONFIGURATION, this::delete);
    }

    private void create(Context ctx) throws Exception {
        String project = callers.project(ctx);
        JsonNode body = Json.body(ctx);
        String name = name(body.get("name"));
        JsonNode parameters = body.get("parameters");
        String type = ConfigurationParameters.check(parameters);
        JsonNode asked = body.get("product_type");
        if (asked != null && !asked.isNull() && !asked.asText().equals(type)) {
            throw ApiException.invalid("product_type", "must match parameters.product_type ('" + type + "')");
        }
        SavedConfigurations.Saved saved = configurations.save(project, name, type, parameters);
        ctx.status(saved.created() ? 201 : 200).json(View.of(saved.record()));
    }

    private void list(Context ctx) {
        String project = callers.project(ctx);
        int pageSize = Http.intParam(ctx, "page_size", 50, 1, 1000);
        String name = Http.stringParam(ctx, "name");
        List<String> types = productTypes(ctx);
        Catalog.Page<ConfigurationRecord> page = configurations.list(
                project,
                Http.stringParam(ctx, "page_token"),
                pageSize,
                c -> (name == null || name.equals(c.getName()))
                        && (types.isEmpty() || types.contains(c.getProductType())),
                Http.boolParam(ctx, "latest_only"));
        ctx.json(Http.cursorPage(page.items().stream().map(View::of).toList(), page.next()));
    }

    /** {@code product_type}, repeated for several; each one the SDK names. */
    private static List<String> productTypes(Context ctx) {
        List<String> types = ctx.queryParams("product_type").stream()
                .filter(t -> !t.isBlank())
                .toList();
        for (String t : types) {
            if (!ConfigurationParameters.KNOWN.contains(t)) {
                throw Http.query(
                        "product_type", "must be one of " + ConfigurationParameters.KNOWN + ", got '" + t + "'");
            }
        }
        return types;
    }

    private void update(Context ctx) throws Exception {
        String project = callers.project(ctx);
        String id = ctx.pathParam("config_id");
        ConfigurationRecord current = configurations.get(project, id);
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) throw new ApiException(400, "the body must be a JSON object");
        // Omitted or null: left as it is (a configuration always has a name and parameters).
        JsonNode rawName = body.get("name");
        String name = rawName == null || rawName.isNull() ? null : name(rawName);
        JsonNode parameters = body.get("parameters");
        if (parameters != null && parameters.isNull()) parameters = null;
        if (parameters != null && !ConfigurationParameters.check(parameters).equals(current.getProductType())) {
            throw ApiException.invalid(
                    "parameters.product_type",
                    "must stay '" + current.getProductType() + "': a configuration keeps its product type");
        }
        ctx.json(View.of(configurations.update(project, id, name, parameters)));
    }

    private void delete(Context ctx) throws Exception {
        configurations.delete(callers.project(ctx), ctx.pathParam("config_id"));
        ctx.status(204);
    }

    private static String name(JsonNode v) {
        if (v == null || v.isNull()) throw ApiException.invalid("name", "field required");
        if (!v.isTextual() || v.asText().isBlank()) throw ApiException.invalid("name", "must be a non-empty string");
        if (v.asText().length() > MAX_NAME) {
            throw ApiException.invalid("name", "must be at most " + MAX_NAME + " characters");
        }
        return v.asText();
    }

    /** The SDK's {@code ConfigurationResponse}. */
    record View(
            String id,
            String name,
            JsonNode parameters,
            String productType,
            String version,
            String createdAt,
            String updatedAt) {
        static View of(ConfigurationRecord c) {
            return new View(
                    c.getConfigurationId(),
                    c.getName(),
                    SavedConfigurations.parametersOf(c),
                    c.getProductType(),
                    Views.iso(c.getVersion()),
                    Views.iso(c.getCreatedAt()),
                    Views.iso(c.getUpdatedAt()));
        }
    }
}
