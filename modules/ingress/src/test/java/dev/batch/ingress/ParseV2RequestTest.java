package dev.batch.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.common.jobs.JobConfigs;
import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import org.junit.jupiter.api.Test;

class ParseV2RequestTest {
    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void mapsWhatTheEngineHonoursOntoTheBatchParameters() throws Exception {
        ParseV2Request.Read read = ParseV2Request.read(
                json("{\"tier\": \"fast\", \"version\": \"latest\", \"file_id\": \"f\","
                        + " \"page_ranges\": {\"max_pages\": 3, \"target_pages\": \"1,3-4\"},"
                        + " \"processing_options\": {\"ocr_parameters\": {\"languages\": [\"de\", \"en\"]},"
                        + "   \"ignore\": {\"ignore_text_in_image\": true}},"
                        + " \"output_options\": {\"images_to_save\": [\"screenshot\"],"
                        + "   \"markdown\": {\"tables\": {\"output_tables_as_markdown\": false,"
                        + "     \"merge_continued_tables\": true}}},"
                        + " \"processing_control\": {\"timeouts\": {\"base_in_seconds\": 90},"
                        + "   \"job_failure_conditions\": {\"allowed_page_failure_ratio\": 0.2}},"
                        + " \"disable_cache\": true,"
                        + " \"webhook_configurations\": [{\"webhook_url\": \"https://example.com/h\","
                        + "   \"webhook_events\": [\"parse.success\", \"parse.failure\", \"parse.partial\"]}]}"),
                false);
        assertThat(read.ignored()).isEmpty();
        JobConfig config = JobConfigs.read(read.jobConfig(), JobType.parse);
        assertThat(config.getParse().getMaxPages()).isEqualTo(3);
        assertThat(config.getParse().getTargetPages().toString())
                .isEqualTo("[{\"first\": 0, \"last\": 0}, {\"first\": 2, \"last\": 3}]");
        assertThat(config.getParse().getLanguages()).containsExactly("de", "en");
        assertThat(config.getParse().getDisableOcr()).isTrue();
        assertThat(config.getParse().getImagesToSave()).containsExactly("screenshot");
        assertThat(config.getParse().getOutputTablesAsHtml()).isTrue();
        assertThat(config.getParse().getMergeContinuedTables()).isTrue();
        assertThat(config.getParse().getPageErrorTolerance()).isEqualTo(0.2);
        assertThat(config.getJobTimeoutInSeconds()).isEqualTo(90.0);
        assertThat(config.getInvalidateCache()).isTrue();
        assertThat(config.getWebhooks().get(0).getEvents())
                .containsExactly("parse.success", "parse.error", "parse.partial_success");
    }

    @Test
    void reportsEverySetParameterItDoesNotHonourAndNoUnsetOne() throws Exception {
        ParseV2Request.Read read = ParseV2Request.read(
                json("{\"tier\": \"agentic\", \"version\": \"latest\", \"file_id\": \"f\","
                        + " \"crop_box\": {\"top\": 0.1, \"bottom\": null},"
                        + " \"agentic_options\": {\"custom_prompt\": \"tables as CSV\"},"
                        + " \"fast_options\": {},"
                        + " \"processing_options\": {\"aggressive_table_extraction\": false,"
                        + "   \"auto_mode_configuration\": [{\"parsing_conf\": {}}]},"
                        + " \"output_options\": {\"spatial_text\": {\"preserve_very_small_text\": true}},"
                        + " \"input_options\": {\"html\": {\"remove_navigation_elements\": true}},"
                        + " \"http_proxy\": \"http://proxy:3128\"}"),
                false);
        assertThat(read.ignored())
                .containsExactlyInAnyOrder(
                        "crop_box.top",
                        "agentic_options.custom_prompt",
                        "processing_options.auto_mode_configuration",
                        "output_options.spatial_text.preserve_very_small_text",
                        "input_options.html.remove_navigation_elements",
                        "http_proxy");
        JsonNode section = read.jobConfig().get(ParseV2Request.SECTION);
        assertThat(section.get("tier").asText()).isEqualTo("agentic");
        assertThat(section.get("tier_used").asText()).isEqualTo("fast");
        assertThat(section.get("ignored_parameters")).hasSize(6);
    }

    @Test
    void refusesBadValuesNamingTheirV2Field() {
        assertRefused("{\"version\": \"latest\", \"file_id\": \"f\"}", "tier");
        assertRefused("{\"tier\": \"fast\", \"version\": \"\", \"file_id\": \"f\"}", "version");
        assertRefused("{\"tier\": \"fast\", \"version\": \"latest\"}", "file_id");
        assertRefused(
                "{\"tier\": \"fast\", \"version\": \"latest\", \"file_id\": \"f\", \"page_ranges\": {\"max_pages\": 0}}",
                "page_ranges.max_pages");
        assertRefused(
                "{\"tier\": \"fast\", \"version\": \"latest\", \"file_id\": \"f\", \"page_ranges\": {\"target_pages\": \"0\"}}",
                "page_ranges.target_pages");
        assertRefused(
                "{\"tier\": \"fast\", \"version\": \"latest\", \"file_id\": \"f\", \"page_ranges\": [1]}",
                "page_ranges");
        assertRefused(
                "{\"tier\": \"fast\", \"version\": \"latest\", \"file_id\": \"f\","
                        + " \"processing_control\": {\"timeouts\": {\"base_in_seconds\": 4000}}}",
                "processing_control.timeouts.base_in_seconds");
        assertRefused(
                "{\"tier\": \"fast\", \"version\": \"latest\", \"file_id\": \"f\","
                        + " \"output_options\": {\"markdown\": {\"tables\": {\"merge_continued_tables\": \"yes\"}}}}",
                "output_options.markdown.tables.merge_continued_tables");
        assertThat(ParseV2Request.v2Field("job_config.parameters.merge_continued_tables"))
                .isEqualTo("output_options.markdown.tables.merge_continued_tables");
        assertThat(ParseV2Request.v2Field("job_config.parameters.languages"))
                .isEqualTo("processing_options.ocr_parameters.languages");
    }

    @Test
    void anUploadCarriesNoOtherInput() {
        assertThatThrownBy(() -> ParseV2Request.read(
                        json("{\"tier\": \"fast\", \"version\": \"latest\", \"source_url\": \"https://a/b.pdf\"}"),
                        true))
                .hasMessageStartingWith("source_url");
    }

    private static void assertRefused(String body, String field) {
        assertThatThrownBy(() -> ParseV2Request.read(json(body), false))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith(field + ":");
    }
}
