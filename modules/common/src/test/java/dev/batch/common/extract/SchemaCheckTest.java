package dev.batch.common.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static SchemaProblem problem(String schema) throws Exception {
        JsonNode node = json(schema);
        return (SchemaProblem) org.assertj.core.api.Assertions.catchThrowable(() -> SchemaCheck.normalise(node));
    }

    @Test
    void normalisesTheShortFormToAnObjectSchema() throws Exception {
        ObjectNode s =
                SchemaCheck.normalise(json("{\"name\": {\"type\": \"string\"}, \"age\": {\"type\": \"number\"}}"));
        assertThat(s.path("type").asText()).isEqualTo("object");
        assertThat(s.path("properties").path("age").path("type").asText()).isEqualTo("number");
    }

    @Test
    void writesOutLocalReferences() throws Exception {
        ObjectNode s = SchemaCheck.normalise(json("""
                {"type": "object", "$defs": {"item": {"type": "object", "properties": {"sku": {"type": "string"}}}},
                 "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/item"}}}}"""));
        assertThat(s.has("$defs")).isFalse();
        assertThat(s.at("/properties/items/items/properties/sku/type").asText()).isEqualTo("string");
    }

    @Test
    void namesAProblemInTheShortFormWhereItIsInTheSchemaAsSent() throws Exception {
        SchemaProblem p = problem("{\"name\": {\"type\": \"string\"}, \"total\": {\"type\": \"money\"}}");
        assertThat(p.pointer()).isEqualTo("/total/type");
        assertThat(p.getMessage()).isEqualTo("data_schema/total/type: unknown type 'money'");
    }

    @Test
    void namesThePointerOfAnUnknownType() throws Exception {
        SchemaProblem p = problem("{\"type\": \"object\", \"properties\": {\"total\": {\"type\": \"money\"}}}");
        assertThat(p.pointer()).isEqualTo("/properties/total/type");
        assertThat(p.getMessage()).contains("unknown type 'money'");
    }

    @Test
    void namesThePointerOfAnUnsupportedKeyword() throws Exception {
        SchemaProblem p = problem("""
                {"type": "object", "properties": {"a/b": {"type": "string", "if": {"const": "x"}}}}""");
        assertThat(p.pointer()).isEqualTo("/properties/a~1b/if");
        assertThat(p.getMessage()).contains("unsupported keyword 'if'");
    }

    @Test
    void refusesFieldsNestedDeeperThanSevenLevels() throws Exception {
        String leaf = "{\"type\": \"string\"}";
        for (int i = 0; i < 8; i++) leaf = "{\"type\": \"object\", \"properties\": {\"n\": " + leaf + "}}";
        SchemaProblem p = problem(leaf);
        assertThat(p.pointer()).isEqualTo("/properties/n".repeat(7) + "/properties");
        assertThat(p.getMessage()).contains("more than 7 levels");
        String seven = "{\"type\": \"string\"}";
        for (int i = 0; i < 7; i++) seven = "{\"type\": \"object\", \"properties\": {\"n\": " + seven + "}}";
        assertThat(SchemaCheck.normalise(json(seven)).has("properties")).isTrue();
    }

    @Test
    void refusesMoreThanFiveThousandProperties() throws Exception {
        StringBuilder b = new StringBuilder("{\"type\": \"object\", \"properties\": {");
        for (int i = 0; i <= 5000; i++)
            b.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": {\"type\": \"string\"}");
        SchemaProblem p = problem(b.append("}}").toString());
        assertThat(p.pointer()).isEqualTo("/properties/f5000");
        assertThat(p.getMessage()).contains("more than 5000 properties");
    }

    @Test
    void namesARequiredFieldThatIsNotAProperty() throws Exception {
        SchemaProblem p = problem(
                "{\"type\": \"object\", \"required\": [\"x\"], \"properties\": {\"y\": {\"type\": \"string\"}}}");
        assertThat(p.pointer()).isEqualTo("/required/0");
    }

    @Test
    void refusesASchemaWithoutFields() {
        assertThatThrownBy(() -> SchemaCheck.normalise(json("{\"type\": \"string\"}")))
                .isInstanceOf(SchemaProblem.class)
                .hasMessageContaining("root must be an object schema");
        assertThatThrownBy(() -> SchemaCheck.normalise(json("[1]"))).isInstanceOf(SchemaProblem.class);
    }
}
