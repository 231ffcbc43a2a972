package dev.batch.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifyV2RequestTest {
    private static final String RULES = "\"rules\": [{\"type\": \"invoice\", \"description\": \"a bill\"}]";

    private static ClassifyV2Request read(String body) throws Exception {
        return ClassifyV2Request.read(Json.MAPPER.readTree(body));
    }

    private static void refused(String body, String detail) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOf(ApiException.class)
                .hasMessage(detail)
                .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(422));
    }

    @Test
    void readsTheInputFromFileInputOrTheDeprecatedFieldsItReplaces() throws Exception {
        assertThat(read("{\"file_input\": \"f1\", \"configuration\": {" + RULES + "}}")
                        .fileInput())
                .isEqualTo("f1");
        ClassifyV2Request byParseJob = read("{\"parse_job_id\": \"pjb-x\", \"configuration\": {" + RULES + "}}");
        assertThat(byParseJob.fileInput()).isEqualTo("pjb-x");
        assertThat(byParseJob.byParseJob()).isTrue();
        assertThat(read("{\"file_id\": \"f1\", \"file_input\": \"f1\", \"configuration\": {" + RULES + "}}")
                        .fileInput())
                .as("the same id twice is one id")
                .isEqualTo("f1");
    }

    @Test
    void refusesAMissingOrAmbiguousInputOrConfigurationNamingTheField() {
        refused(
                "{\"configuration\": {" + RULES + "}}",
                "file_input: field required: a file id, a directory file id (dfl-…) or a parse job id (pjb-…)");
        refused(
                "{\"file_input\": \"f1\", \"file_id\": \"f2\", \"configuration\": {" + RULES + "}}",
                "file_input: give one id: file_input, or the deprecated file_id or parse_job_id, not several");
        refused(
                "{\"file_input\": \"f1\"}",
                "configuration: field required: the rules (or configuration_id, a saved configuration)");
        refused(
                "{\"file_input\": \"f1\", \"configuration\": {}}",
                "configuration.rules: field required: at least one rule");
        refused(
                "{\"file_input\": \"f1\", \"configuration_id\": \"cfg-1\", \"configuration\": {" + RULES + "}}",
                "configuration_id: give either configuration or configuration_id, not both");
        refused(
                "{\"file_input\": \"f1\", \"configuration\": {" + RULES + "}, \"transaction_id\": \"" + "t".repeat(256)
                        + "\"}",
                "transaction_id: at most 255 characters");
        refused("[1]", "the request body must be a JSON object");
    }

    @Test
    void turnsOneBasedTargetPageRangesIntoTheJobConfigsZeroBasedPages() throws Exception {
        JsonNode config = ClassifyV2Request.jobConfig(Json.MAPPER.readTree(
                "{" + RULES + ", \"parsing_configuration\": {\"target_pages\": \"1, 3-5\", \"max_pages\": 2}}"));
        assertThat(config.at("/parsing_configuration/target_pages").toString()).isEqualTo("[0,2,3,4]");
        assertThat(config.at("/parsing_configuration/max_pages").asInt()).isEqualTo(2);
        assertThat(config.get("rules")).hasSize(1);
        for (String bad : List.of("0-2", "5-3", "a", "1,,2", "1-2000", "[1]")) {
            String target = bad.startsWith("[") ? bad : "\"" + bad + "\"";
            assertThatThrownBy(() -> ClassifyV2Request.jobConfig(Json.MAPPER.readTree(
                            "{" + RULES + ", \"parsing_configuration\": {\"target_pages\": " + target + "}}")))
                    .as(bad)
                    .isInstanceOf(ApiException.class)
                    .hasMessageStartingWith("configuration.parsing_configuration.target_pages: ");
        }
    }

    @Test
    void namesTheBatchJobsRefusalsInTheRequestsOwnTerms() throws Exception {
        ClassifyV2Request request = read("{\"file_input\": \"dfl-1\", \"configuration\": {" + RULES + "}}");
        ApiException rule = request.renamed(ApiException.invalid("job_config.rules[1].type", "bad"));
        assertThat(rule.getMessage()).isEqualTo("configuration.rules[1].type: bad");
        assertThat(rule.errors.get(0).loc()).containsExactly("body", "configuration.rules[1].type");
        assertThat(request.renamed(ApiException.invalid("item_ids", "unknown ids dfl-1"))
                        .getMessage())
                .isEqualTo("file_input: directory file 'dfl-1' not found");
        ApiException notFound = ApiException.notFound("job x");
        assertThat(request.renamed(notFound)).isSameAs(notFound);
    }
}
