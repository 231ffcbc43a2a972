package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.catalog.CatalogItems;
import dev.batch.common.extract.SchemaCheck;
import dev.batch.common.extract.SchemaProblem;
import dev.batch.common.extract.SchemaProposer;
import dev.batch.common.kafka.Topics;
import dev.batch.events.FileRecord;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The extract API's data schemas: {@code POST /api/v2/extract/schema/validation} answers a schema
 * normalised as extract jobs run it, or a 422 whose {@code pointer} is the JSON pointer of what is
 * wrong; {@code POST /api/v2/extract/schema/generate} proposes one from a file of the project
 * (its labelled values and table columns, offline), extended by a {@code data_schema} given, and
 * answers it as a configuration to save. A {@code prompt} alone is refused: words in a prompt are
 * not fields without a model, and this service calls none here.
 */
final class ExtractV2SchemaRoutes {
    private final Callers callers;
    private final CatalogAccess catalog;
    private final Topics topics;
    private final SchemaProposer proposer; // null: this instance proposes no schema from a file

    ExtractV2SchemaRoutes(Callers callers, CatalogAccess catalog, Topics topics, SchemaProposer proposer) {
        this.callers = callers;
        this.catalog = catalog;
        this.topics = topics;
        this.proposer = proposer;
    }

    void register(RoutesConfig routes) {
        routes.post(ApiPaths.EXTRACT_SCHEMA_VALIDATION, this::validate);
        routes.post(ApiPaths.EXTRACT_SCHEMA_GENERATE, this::generate);
    }

    private void validate(Context ctx) {
        callers.project(ctx);
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) throw new ApiException(422, "the request body must be a JSON object");
        JsonNode schema = body.get("data_schema");
        if (schema == null || schema.isNull())
            throw ApiException.invalid("data_schema", "field required: the JSON Schema to check");
        ctx.json(Map.of("data_schema", normalised(schema, "data_schema")));
    }

    /** {@code schema} as extract jobs run it; a 422 naming {@code field} with the pointer of the problem otherwise. */
    static ObjectNode normalised(JsonNode schema, String field) {
        try {
            return SchemaCheck.normalise(schema);
        } catch (SchemaProblem e) {
            throw ApiException.invalid(field + e.pointer(), e.reason()).with("pointer", e.pointer());
        }
    }

    private void generate(Context ctx) throws Exception {
        String project = callers.project(ctx);
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) throw new ApiException(422, "the request body must be a JSON object");
        String fileId = text(body, "file_id");
        String name = text(body, "name");
        JsonNode given = body.get("data_schema");
        if (given != null && given.isNull()) given = null;
        ObjectNode schema;
        if (fileId != null) {
            FileRecord file = ownFile(fileId, project);
            schema = proposed(file);
            if (given != null) schema = extended(normalised(given, "data_schema"), schema);
            if (name == null) name = file.getName() + " fields";
        } else if (given != null) {
            schema = normalised(given, "data_schema");
        } else {
            throw ApiException.invalid(
                    "file_id",
                    "field required: a file to propose fields from (or a data_schema to refine); a prompt alone"
                            + " is not read without a model");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("name", name != null ? name : "extract schema");
        ObjectNode parameters = out.putObject("parameters");
        parameters.put("product_type", ConfigurationParameters.EXTRACT);
        parameters.set("data_schema", schema);
        ctx.json(out);
    }

    /** The project's file (or directory file's file) {@code id}; a 422 naming {@code file_id} otherwise. */
    private FileRecord ownFile(String id, String project) {
        Optional<CatalogItems.Item> item = CatalogItems.resolve(catalog.view(), id);
        if (item.isEmpty()) {
            catalog.catchUp(id.startsWith("dfl-") ? topics.directoryFiles : topics.files);
            item = CatalogItems.resolve(catalog.view(), id);
        }
        return item.filter(i -> i.projectId().equals(project))
                .flatMap(i -> catalog.view().file(i.fileId()))
                .orElseThrow(() -> ApiException.invalid("file_id", "file '" + id + "' not found"));
    }

    private ObjectNode proposed(FileRecord file) throws Exception {
        if (proposer == null)
            throw ApiException.invalid("file_id", "this instance proposes no schema from a file; give a data_schema");
        SchemaProposer.Proposal proposal = proposer.propose(file);
        if (proposal instanceof SchemaProposer.Proposal.Failed failed)
            throw ApiException.invalid("file_id", failed.reason());
        ObjectNode schema = ((SchemaProposer.Proposal.Schema) proposal).schema();
        if (!schema.path("properties").isObject() || schema.path("properties").isEmpty())
            throw ApiException.invalid(
                    "file_id", "found no labelled values or tables in " + file.getName() + " to propose fields from");
        return normalised(schema, "data_schema");
    }

    /** {@code given} with the proposed fields it does not have yet: the client's own fields win. */
    private static ObjectNode extended(ObjectNode given, ObjectNode proposed) {
        ObjectNode out = given.deepCopy();
        ObjectNode props = (ObjectNode) out.get("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        proposed.path("properties").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!props.has(e.getKey())) props.set(e.getKey(), e.getValue());
        }
        return normalised(out, "data_schema");
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || v.asText().isBlank()) throw ApiException.invalid(field, "must be a non-empty string");
        if (v.asText().length() > 512) throw ApiException.invalid(field, "at most 512 characters");
        return v.asText().strip();
    }
}
