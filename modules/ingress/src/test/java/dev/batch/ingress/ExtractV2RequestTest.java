package dev.batch.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractV2RequestTest {
    private static final String SCHEMA = "\"data_schema\": {\"total\": {\"type\": \"number\"}}";

    private static ExtractV2Request read(String body) throws Exception {
        return ExtractV2Request.read(Json.MAPPER.readTree(body));
    }

    private static void refused(String body, String detail) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOf(ApiException.class)
                .hasMessage(detail)
                .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(422));
    }

    @Test
    void readsTheInputFromFileInputOrTheDeprecatedDocumentInputValue() throws Exception {
        assertThat(read("{\"file_input\": \"f1\", \"configuration\": {" + SCHEMA + "}}")
                        .fileInput())
                .isEqualTo("f1");
        ExtractV2Request byParseJob =
                read("{\"document_input_value\": \"pjb-x\", \"configuration\": {" + SCHEMA + "}}");
        assertThat(byParseJob.fileInput()).isEqualTo("pjb-x");
        assertThat(byParseJob.byParseJob()).isTrue();
        assertThat(read("{\"file_input\": \"cfg\", \"configuration_id\": \"cfg-1\"}")
                        .configurationId())
                .isEqualTo("cfg-1");
    }

    @Test
    void refusesAMissingOrAmbiguousInputOrConfigurationNamingTheField() {
        refused(
                "{\"configuration\": {" + SCHEMA + "}}",
                "file_input: field required: a file id, a directory file id (dfl-…) or a parse job id (pjb-…)");
        refused(
                "{\"file_input\": \"f1\", \"document_input_value\": \"f2\", \"configuration\": {" + SCHEMA + "}}",
                "file_input: give one id: file_input, or the deprecated document_input_value, not both");
        refused("{\"file_input\": 7, \"configuration\": {" + SCHEMA + "}}", "file_input: must be a non-empty string");
        refused(
                "{\"file_input\": \"f1\"}",
                "configuration: field required: a data_schema to extract by (or configuration_id, a saved"
                        + " configuration)");
        refused(
                "{\"file_input\": \"f1\", \"configuration\": {\"tier\": \"agentic\"}}",
                "configuration.data_schema: field required: the JSON Schema of the fields");
        refused(
                "{\"file_input\": \"f1\", \"configuration\": [1]}",
                "configuration: must be an object with a data_schema");
        refused(
                "{\"file_input\": \"f1\", \"configuration_id\": \"cfg-1\", \"configuration\": {" + SCHEMA + "}}",
                "configuration_id: give either configuration or configuration_id, not both");
        refused(
                "{\"file_input\": \"f1\", \"configuration\": {" + SCHEMA + "}, \"webhook_configurations\": {}}",
                "webhook_configurations: must be a list of webhook configurations");
        refused("[1]", "the request body must be a JSON object");
    }

    @Test
    void makesAJobConfigOfTheConfigurationsFieldsAtTheTopAndTheWebhooks() throws Exception {
        ExtractV2Request asked = read("{\"file_input\": \"f1\", \"configuration\": {" + SCHEMA
                + ", \"extraction_target\": \"per_page\", \"rules\": [], \"cite_sources\": true},"
                + " \"webhook_configurations\": [{\"webhook_url\": \"https://example.com/h\"}]}");
        JsonNode config = asked.jobConfig(asked.configuration());
        assertThat(config.path("data_schema").path("total").path("type").asText())
                .isEqualTo("number");
        assertThat(config.path("extraction_target").asText()).isEqualTo("per_page");
        assertThat(config.path("cite_sources").asBoolean()).isTrue();
        assertThat(config.has("rules"))
                .as("only the SDK's configuration fields: rules would make it a classify job")
                .isFalse();
        assertThat(config.at("/webhook_configurations/0/webhook_url").asText()).isEqualTo("https://example.com/h");
    }

    @Test
    void namesARefusalOfTheBatchJobByTheFieldsOfThisRequest() throws Exception {
        ExtractV2Request asked = read("{\"file_input\": \"dfl-1\", \"configuration\": {" + SCHEMA + "}}");
        ApiException schema = asked.renamed(
                ApiException.invalid("job_config.data_schema/properties/total/type", "unknown type 'money'"));
        assertThat(schema.getMessage())
                .isEqualTo("configuration.data_schema/properties/total/type: unknown type 'money'");
        assertThat(schema.errors.get(0).loc())
                .containsExactly("body", "configuration.data_schema/properties/total/type");
        assertThat(asked.renamed(ApiException.invalid("job_config.webhook_configurations[0].webhook_url", "bad"))
                        .getMessage())
                .isEqualTo("webhook_configurations[0].webhook_url: bad");
        ApiException item = asked.renamed(new ApiException(
                422,
                "item_ids: unknown ids [dfl-1]",
                List.of(new ApiException.FieldError(List.of("body", "item_ids"), "x"))));
        assertThat(item.getMessage()).isEqualTo("file_input: directory file 'dfl-1' not found");
        ApiException other = new ApiException(503, "later");
        assertThat(asked.renamed(other)).isSameAs(other);
    }

    @Test
    void validationNamesThePointerOfTheProblemAsAFieldOfTheAnswer() throws Exception {
        JsonNode bad = Json.MAPPER.readTree("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"money\"}}}");
        assertThatThrownBy(() -> ExtractV2SchemaRoutes.normalised(bad, "data_schema"))
                .isInstanceOf(ApiException.class)
                .hasMessage("data_schema/properties/a/type: unknown type 'money'")
                .satisfies(e -> assertThat(((ApiException) e).fields).containsEntry("pointer", "/properties/a/type"));
        assertThat(ExtractV2SchemaRoutes.normalised(
                                Json.MAPPER.readTree("{\"total\": {\"type\": \"number\"}}"), "data_schema")
                        .path("type")
                        .asText())
                .as("the short form is written out as an object schema")
                .isEqualTo("object");
    }
}
