package dev.batch.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.net.ReceiverPolicy;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobRequestReaderTest {
    private final ObjectMapper json = Json.MAPPER;
    private final JobRequestReader reader = new JobRequestReader(
            json,
            new JobRequestValidator(new JobRequestValidator.Policy(
                    new ReceiverPolicy("127.0.0.1")::refusal, JobRequestValidator.Outputs.NONE, project -> true)));

    private JobRequested read(String body) throws Exception {
        return reader.read(json.readTree(body), "proj", null, Instant.parse("2026-11-28T00:00:00Z"))
                .checked()
                .request();
    }

    private void refused(String body, int status, String message) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(status));
    }

    @Test
    void readsAParseJobOverItemIds() throws Exception {
        JobRequested r = read(
                "{\"job_config\": {\"job_name\": \"parse_raw_file_job\", \"parameters\": {\"priority\": \"critical\"}},"
                        + " \"item_ids\": [\"a\", \"b\", \"a\"], \"page_size\": 50}");
        assertThat(r.getJobId()).startsWith("bjb-");
        assertThat(r.getJobType()).isEqualTo(JobType.parse);
        assertThat(r.getItemIds()).containsExactly("a", "b");
        assertThat(r.getPageSize()).isEqualTo(50);
        assertThat(r.getPriority()).isEqualTo(Priority.critical);
        assertThat(r.getProjectId()).isEqualTo("proj");
        assertThat(json.readTree(r.getJobConfigJson()).get("job_name").asText()).isEqualTo("parse_raw_file_job");
    }

    @Test
    void acceptsHonouredParseParametersAndIgnoresOnesItDoesNotHonour() throws Exception {
        String body =
                "{\"job_config\": {\"parameters\": {\"target_pages\": \"0,2-4\", \"max_pages\": 3, \"page_separator\": \"\\n== {page_number} ==\\n\","
                        + " \"premium_mode\": true, \"custom_metadata\": {\"case\": 7}}}, \"item_ids\": [\"a\"]}";
        JobRequested r = read(body);
        assertThat(r.getJobType()).isEqualTo(JobType.parse);
        JobRequested published =
                reader.read(json.readTree(body), "proj", null, Instant.EPOCH).asked();
        assertThat(published.getConfig().getParse().getMaxPages())
                .as("published with its config read")
                .isEqualTo(3);
        assertThat(published.getConfig().getParse().getPageSeparator()).isEqualTo("\n== {page_number} ==\n");
        assertThat(published.getConfig().getCustomMetadataJson()).isEqualTo("{\"case\":7}");
        assertThat(json.readTree(published.getJobConfigJson())
                        .get("parameters")
                        .get("premium_mode")
                        .asBoolean())
                .as("a parameter this service does not honour is kept as sent")
                .isTrue();
    }

    @Test
    void acceptsTheSeedDocstringsJobNameAndAnAbsentOneAsParse() throws Exception {
        assertThat(read("{\"job_config\": {\"job_name\": \"PARSE_RAW_FILE\"}, \"item_ids\": [\"a\"]}")
                        .getJobType())
                .isEqualTo(JobType.parse);
        assertThat(read("{\"job_config\": {}, \"item_ids\": [\"a\"]}").getJobType())
                .isEqualTo(JobType.parse);
    }

    @Test
    void acceptsReceiversItIsAllowedToCall() throws Exception {
        JobRequested r = read(
                "{\"job_config\": {\"parameters\": {\"webhook_url\": \"http://127.0.0.1:9/done\", \"webhook_configurations\": ["
                        + "{\"webhook_url\": \"http://127.0.0.1:8080/hook\", \"webhook_events\": [\"parse.success\", \"parse.item_failed\"],"
                        + " \"webhook_headers\": {\"Authorization\": \"Bearer x\"}, \"webhook_output_format\": \"json\"},"
                        + " {\"webhook_url\": \"https://93.184.216.34/hook\", \"webhook_events\": null}]}}, \"item_ids\": [\"a\"]}");
        assertThat(r.getJobConfigJson()).contains("webhook_configurations");
    }

    @Test
    void recognisesAClassifyConfigByItsRulesIgnoringTheSdksRequiredFields() throws Exception {
        JobRequested r = read(
                "{\"job_config\": {\"id\": \"x\", \"project_id\": \"other\", \"status\": \"PENDING\", \"user_id\": \"u\","
                        + " \"rules\": [{\"type\": \"invoice\", \"description\": \"has line items\"}]}, \"item_ids\": [\"a\"]}");
        assertThat(r.getJobType()).isEqualTo(JobType.classify);
        assertThat(r.getProjectId()).isEqualTo("proj");
        JobRequested full = read(
                "{\"job_config\": {\"rules\": [{\"type\": \"bank statement\", \"description\": \"balances and transactions\"},"
                        + " {\"type\": \"pay_stub-2\", \"description\": \"earnings and deductions of a pay period\"}], \"mode\": \"MULTIMODAL\","
                        + " \"parsing_configuration\": {\"lang\": \"en\", \"max_pages\": 5, \"target_pages\": [0, 2]}}, \"item_ids\": [\"a\"]}");
        assertThat(full.getJobType()).isEqualTo(JobType.classify);
    }

    @Test
    void refusesARequestWithoutItemsOrDirectoryNamingBoth() {
        refused("{\"job_config\": {}}", 422, "either directory_id or item_ids is required");
    }

    @Test
    void refusesBadFieldsNamingThem() {
        refused("{}", 422, "job_config: field required");
        refused("{\"job_config\": []}", 422, "job_config: must be an object");
        refused("{\"job_config\": {\"job_name\": \"extract_job\"}, \"item_ids\": [\"a\"]}", 422, "job_config.job_name");
        refused("{\"job_config\": {\"rules\": []}, \"item_ids\": [\"a\"]}", 422, "job_config.rules");
        String rule = "{\"type\": \"invoice\", \"description\": \"a bill with line items and a total due\"}";
        String classify = "{\"job_config\": {\"rules\": [%s]%s}, \"item_ids\": [\"a\"]}";
        refused(classify.formatted("\"invoice\"", ""), 422, "job_config.rules[0]: must be an object");
        refused(classify.formatted("{\"description\": \"x\"}", ""), 422, "job_config.rules[0].type: is required");
        refused(
                classify.formatted(rule + ", {\"type\": \"a/b\", \"description\": \"x\"}", ""),
                422,
                "job_config.rules[1].type: 'a/b' may only hold");
        refused(
                classify.formatted(rule + ", {\"type\": \"Invoice\", \"description\": \"x\"}", ""),
                422,
                "job_config.rules[1].type: 'Invoice' is the type of an earlier rule");
        refused(
                classify.formatted("{\"type\": \"invoice\", \"description\": \"  \"}", ""),
                422,
                "job_config.rules[0].description: is required");
        refused(classify.formatted(rule, ", \"mode\": \"SLOW\""), 422, "job_config.mode: must be FAST or MULTIMODAL");
        refused(
                classify.formatted(rule, ", \"parsing_configuration\": {\"max_pages\": 0}"),
                422,
                "job_config.parsing_configuration.max_pages");
        refused(
                classify.formatted(rule, ", \"parsing_configuration\": {\"target_pages\": \"0-2\"}"),
                422,
                "job_config.parsing_configuration.target_pages");
        refused(
                classify.formatted(rule, ", \"parsing_configuration\": {\"target_pages\": [-1]}"),
                422,
                "job_config.parsing_configuration.target_pages");
        String hooks = "{\"job_config\": {\"parameters\": {\"webhook_configurations\": [%s]}}, \"item_ids\": [\"a\"]}";
        refused(
                hooks.formatted("{\"webhook_url\": \"http://10.1.2.3/hook\"}"),
                422,
                "job_config.parameters.webhook_configurations[0].webhook_url: resolves to an internal address; list its host in BATCH_WEBHOOK_ALLOWED_HOSTS to allow it");
        refused(
                hooks.formatted(
                        "{\"webhook_url\": \"http://127.0.0.1/ok\"}, {\"webhook_url\": \"http://169.254.169.254/latest\"}"),
                422,
                "job_config.parameters.webhook_configurations[1].webhook_url: resolves to an internal address; list its host in BATCH_WEBHOOK_ALLOWED_HOSTS to allow it");
        refused(
                hooks.formatted("{\"webhook_url\": \"http://127.0.0.1/ok\", \"webhook_events\": [\"parse.done\"]}"),
                422,
                "webhook_configurations[0].webhook_events: 'parse.done' is not an event");
        refused(
                hooks.formatted("{\"webhook_url\": \"http://127.0.0.1/ok\", \"webhook_output_format\": \"xml\"}"),
                422,
                "webhook_output_format");
        refused(
                hooks.formatted(
                        "{\"webhook_url\": \"http://127.0.0.1/ok\", \"webhook_headers\": {\"X-A\": \"a\\r\\nX-B: b\"}}"),
                422,
                "the value of 'X-A' must be one line");
        refused(
                "{\"job_config\": {\"parameters\": {\"webhook_url\": \"ftp://127.0.0.1/\"}}, \"item_ids\": [\"a\"]}",
                422,
                "job_config.parameters.webhook_url: must be an http or https URL");
        refused(
                "{\"job_config\": {\"rules\": [" + rule
                        + "], \"webhook_configurations\": [{\"webhook_url\": \"http://[::1]/\"}]}, \"item_ids\": [\"a\"]}",
                422,
                "job_config.webhook_configurations[0].webhook_url: resolves to an internal address; list its host in BATCH_WEBHOOK_ALLOWED_HOSTS to allow it");
        refused(
                "{\"job_config\": {\"parameters\": {\"priority\": \"urgent\"}}, \"item_ids\": [\"a\"]}",
                422,
                "job_config.parameters.priority");
        refused("{\"job_config\": {}, \"item_ids\": []}", 422, "item_ids: must not be empty");
        refused("{\"job_config\": {}, \"item_ids\": \"a\"}", 422, "item_ids: must be a list");
        refused("{\"job_config\": {}, \"item_ids\": [1]}", 422, "item_ids: every id must be a non-empty string");
        refused(
                "{\"job_config\": {}, \"item_ids\": [\"a\"], \"page_size\": 0}",
                422,
                "page_size: must be an integer from 1 to 1000");
        refused("{\"job_config\": {}, \"item_ids\": [\"a\"], \"page_size\": 1e12}", 422, "page_size");
        refused("{\"job_config\": {}, \"item_ids\": [\"a\"], \"directory_id\": \"dir-1\"}", 422, "not both");
        refused("[1, 2]", 422, "must be a JSON object");
        refused(
                "{\"job_config\": {\"parameters\": {\"target_pages\": \"3-1\"}}, \"item_ids\": [\"a\"]}",
                422,
                "job_config.parameters.target_pages");
        refused(
                "{\"job_config\": {\"parameters\": {\"target_pages\": \"a,b\"}}, \"item_ids\": [\"a\"]}",
                422,
                "job_config.parameters.target_pages");
        refused(
                "{\"job_config\": {\"parameters\": {\"max_pages\": 0}}, \"item_ids\": [\"a\"]}",
                422,
                "job_config.parameters.max_pages");
        refused(
                "{\"job_config\": {\"parameters\": {\"page_error_tolerance\": 2}}, \"item_ids\": [\"a\"]}",
                422,
                "page_error_tolerance");
        refused(
                "{\"job_config\": {\"parameters\": {\"images_to_save\": [\"thumbnail\"]}}, \"item_ids\": [\"a\"]}",
                422,
                "images_to_save");
        refused(
                "{\"job_config\": {\"parameters\": {\"replace_failed_page_mode\": \"skip\"}}, \"item_ids\": [\"a\"]}",
                422,
                "replace_failed_page_mode");
        refused(
                "{\"job_config\": {\"parameters\": {\"disable_ocr\": \"yes\"}}, \"item_ids\": [\"a\"]}",
                422,
                "disable_ocr");
    }

    @Test
    void keepsFileNamesAsDisplayNamesOnly() {
        assertThat(FileRoutes.displayName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileRoutes.displayName("C:\\Users\\x\\report.pdf")).isEqualTo("report.pdf");
        assertThat(FileRoutes.displayName("..")).isEqualTo("upload");
        assertThat(FileRoutes.displayName("a\u0000b.txt")).isEqualTo("ab.txt");
        assertThat(FileRoutes.displayName(null)).isEqualTo("upload");
    }
}
