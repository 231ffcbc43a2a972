package dev.batch.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ConfigurationParametersTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    /** Refused with a 422 whose one error names {@code field}. */
    private static void refused(String parameters, String field, String message) {
        assertThatThrownBy(() -> ConfigurationParameters.check(json(parameters)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining(message)
                .satisfies(e -> {
                    ApiException a = (ApiException) e;
                    assertThat(a.status).isEqualTo(422);
                    assertThat(a.errors)
                            .singleElement()
                            .satisfies(err -> assertThat(err.loc()).containsExactly("body", field));
                });
    }

    @Test
    void acceptsAParseConfigurationWithATierAndAVersionAndKeepsFieldsItDoesNotCheck() throws Exception {
        assertThat(ConfigurationParameters.check(json("{\"product_type\": \"parse_v2\", \"tier\": \"agentic\","
                        + " \"version\": \"2026-01-08\", \"output_options\": {\"markdown\": {}},"
                        + " \"page_ranges\": {\"max_pages\": 2}, \"client_name\": \"app\"}")))
                .isEqualTo("parse_v2");
    }

    @Test
    void refusesAParseConfigurationWithoutAKnownTierOrAVersion() {
        refused("{\"product_type\": \"parse_v2\", \"version\": \"latest\"}", "parameters.tier", "field required");
        refused(
                "{\"product_type\": \"parse_v2\", \"tier\": \"premium\", \"version\": \"latest\"}",
                "parameters.tier",
                "must be one of [fast, cost_effective, agentic, agentic_plus]");
        refused("{\"product_type\": \"parse_v2\", \"tier\": \"fast\"}", "parameters.version", "field required");
        refused(
                "{\"product_type\": \"parse_v2\", \"tier\": \"fast\", \"version\": 2}",
                "parameters.version",
                "non-empty string");
        refused(
                "{\"product_type\": \"parse_v2\", \"tier\": \"fast\", \"version\": \"latest\", \"page_ranges\": 3}",
                "parameters.page_ranges",
                "must be an object");
    }

    @Test
    void acceptsAClassifyConfigurationWithRulesModeAndParsingConfiguration() throws Exception {
        assertThat(
                        ConfigurationParameters.check(
                                json(
                                        "{\"product_type\": \"classify_v2\", \"mode\": \"FAST\","
                                                + " \"rules\": [{\"type\": \"invoice\", \"description\": \"a bill\"},"
                                                + " {\"type\": \"contract\", \"description\": \"an agreement\"}],"
                                                + " \"parsing_configuration\": {\"lang\": \"en\", \"max_pages\": 3, \"target_pages\": \"1-3\"}}")))
                .isEqualTo("classify_v2");
    }

    @Test
    void refusesClassifyRulesThatAreMissingEmptyOrRepeatATypeIgnoringCase() {
        refused("{\"product_type\": \"classify_v2\"}", "parameters.rules", "non-empty list");
        refused("{\"product_type\": \"classify_v2\", \"rules\": []}", "parameters.rules", "non-empty list");
        refused(
                "{\"product_type\": \"classify_v2\", \"rules\": [{\"type\": \" \", \"description\": \"x\"}]}",
                "parameters.rules[0].type",
                "is required");
        refused(
                "{\"product_type\": \"classify_v2\", \"rules\": [{\"type\": \"memo\"}]}",
                "parameters.rules[0].description",
                "is required");
        refused(
                "{\"product_type\": \"classify_v2\", \"rules\": [{\"type\": \"Memo\", \"description\": \"x\"},"
                        + " {\"type\": \"memo\", \"description\": \"y\"}]}",
                "parameters.rules[1].type",
                "types must be unique");
    }

    @Test
    void refusesAClassifyModeOrParsingConfigurationTheSdkDoesNotHave() {
        String rules = "\"rules\": [{\"type\": \"memo\", \"description\": \"a memo\"}]";
        refused("{\"product_type\": \"classify_v2\", " + rules + ", \"mode\": \"SLOW\"}", "parameters.mode", "FAST");
        refused(
                "{\"product_type\": \"classify_v2\", " + rules + ", \"parsing_configuration\": {\"max_pages\": 0}}",
                "parameters.parsing_configuration.max_pages",
                "at least 1");
        refused(
                "{\"product_type\": \"classify_v2\", " + rules
                        + ", \"parsing_configuration\": {\"target_pages\": [1]}}",
                "parameters.parsing_configuration.target_pages",
                "must be a string");
    }

    @Test
    void acceptsAnExtractConfigurationWhoseSchemaAndFieldsAnExtractJobWouldRun() throws Exception {
        assertThat(ConfigurationParameters.check(json("{\"product_type\": \"extract_v2\", \"data_schema\":"
                        + " {\"type\": \"object\", \"properties\": {\"total\": {\"type\": \"number\"}}},"
                        + " \"extraction_target\": \"per_page\", \"cite_sources\": true, \"target_pages\": \"1-2\","
                        + " \"extract_version\": \"latest\"}")))
                .isEqualTo("extract_v2");
    }

    @Test
    void refusesAnExtractConfigurationNamingTheFieldAndThePointerIntoItsSchema() {
        refused("{\"product_type\": \"extract_v2\"}", "parameters.data_schema", "field required");
        refused(
                "{\"product_type\": \"extract_v2\", \"data_schema\": {\"type\": \"object\", \"properties\":"
                        + " {\"total\": {\"type\": \"money\"}}}}",
                "parameters.data_schema/properties/total/type",
                "unknown type 'money'");
        refused(
                "{\"product_type\": \"extract_v2\", \"data_schema\": {\"total\": {\"type\": \"number\"}},"
                        + " \"extraction_target\": \"per_word\"}",
                "parameters.extraction_target",
                "must be one of");
    }

    @Test
    void refusesTheSdksOtherProductTypesAsNotSupportedHere() {
        for (String type : new String[] {"split_v1", "spreadsheet_v1", "unknown"}) {
            refused(
                    "{\"product_type\": \"" + type + "\"}",
                    "parameters.product_type",
                    "'" + type + "' is not supported by this service");
        }
        refused("{\"product_type\": \"parse_v9\"}", "parameters.product_type", "must be one of");
        refused("{\"tier\": \"fast\"}", "parameters.product_type", "field required");
    }

    @Test
    void refusesParametersThatAreMissingNotAnObjectOrTooLarge() {
        assertThatThrownBy(() -> ConfigurationParameters.check(null))
                .hasMessageContaining("parameters: field required");
        refused("[1]", "parameters", "must be an object");
        String big = "x".repeat(ConfigurationParameters.MAX_JSON_CHARS);
        refused(
                "{\"product_type\": \"parse_v2\", \"tier\": \"fast\", \"version\": \"latest\", \"client_name\": \""
                        + big + "\"}",
                "parameters",
                "at most");
    }
}
