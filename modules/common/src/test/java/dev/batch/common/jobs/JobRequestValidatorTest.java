package dev.batch.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.events.Priority;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rules every job request meets, checked on the event itself as the splitter sees it. */
class JobRequestValidatorTest {
    private static final JobRequestValidator.Outputs BUCKETS =
            new JobRequestValidator.Outputs(true, Set.of("exports", "service"), "s3://service/deployment");
    private final JobRequestValidator rules = new JobRequestValidator(new JobRequestValidator.Policy(
            url -> url.contains("10.0.0.1") ? "resolves to an internal address" : null,
            BUCKETS,
            project -> project.equals("vip")));

    private static JobRequested request(String config) {
        return JobRequested.newBuilder()
                .setJobId("bjb-1")
                .setProjectId("proj")
                .setJobType(JobType.parse)
                .setJobConfigJson(config)
                .setItemIds(List.of("f1"))
                .setRequestedAt(Instant.EPOCH)
                .build();
    }

    private void refused(JobRequested r, String message) {
        assertThatThrownBy(() -> rules.check(r))
                .isInstanceOf(JobRequestValidator.Invalid.class)
                .hasMessage(message);
    }

    @Test
    void acceptsAPlainRequestAsItIs() {
        JobRequestValidator.Checked checked = rules.check(request("{}"));
        assertThat(checked.request().getPriority()).isEqualTo(Priority.medium);
        assertThat(checked.notices()).isEmpty();
    }

    @Test
    void refusesWhatTheApiRefusesNamingTheField() {
        refused(
                request("{\"parameters\": {\"job_timeout_in_seconds\": 1e300}}"),
                "job_config.parameters.job_timeout_in_seconds: must be a number from 0.1 to 86400");
        refused(
                request("{\"parameters\": {\"job_timeout_extra_time_per_page_in_seconds\": -1}}"),
                "job_config.parameters.job_timeout_extra_time_per_page_in_seconds: must be a number from 0 to 3600");
        refused(
                request("{\"parameters\": {\"webhook_url\": \"http://10.0.0.1/hook\"}}"),
                "job_config.parameters.webhook_url: resolves to an internal address");
        refused(
                request("{\"parameters\": {\"priority\": \"urgent\"}}"),
                "job_config.parameters.priority: must be one of low, medium, high, critical");
        refused(request("[1]"), "job_config: must be an object (a parse, classify or extract config)");
        refused(request("{\"rules\": []}"), "job_config.rules: must be a non-empty list of rules");
        JobRequested many = request("{}");
        many.setItemIds(Collections.nCopies(10_001, "f"));
        refused(many, "item_ids: holds 10001 ids; at most 10000 (use a directory for more)");
        JobRequested both = request("{}");
        both.setDirectoryId("dir-1");
        refused(both, "item_ids: give either directory_id or item_ids, not both");
        JobRequested page = request("{}");
        page.setPageSize(0);
        refused(page, "page_size: must be an integer from 1 to 1000");
    }

    @Test
    void refusesWhatOnlyAnEventCanGetWrong() {
        JobRequested mismatch = request("{\"rules\": [{\"type\": \"invoice\", \"description\": \"a bill\"}]}");
        refused(mismatch, "job_type: is 'parse' but job_config is a classify config (it has rules)");
        JobRequested badId = request("{}");
        badId.setJobId("bjb/../x");
        refused(badId, "job_id: must be 1 to 128 letters, digits, '_', '.', ':' or '-'");
        JobRequested noProject = request("{}");
        noProject.setProjectId(" ");
        refused(noProject, "project_id: is required (at most 255 characters)");
        JobRequested blankItem = request("{}");
        blankItem.setItemIds(List.of("f1", ""));
        refused(blankItem, "item_ids: every id must be a non-empty string of at most 255 characters");
    }

    @Test
    void refusesACorrelationIdWithControlCharactersOrOver255Characters() {
        JobRequested forged = request("{}");
        forged.setCorrelationId("ok\nINFO forged log line");
        refused(forged, "correlation_id: must not contain control characters");
        JobRequested longOne = request("{}");
        longOne.setCorrelationId("x".repeat(256));
        refused(longOne, "correlation_id: at most 255 characters");
        refused(
                request("{\"correlation_id\": \"a\\u0000b\"}"),
                "job_config.correlation_id: must not contain control characters");
        JobRequested fine = request("{}");
        fine.setCorrelationId("x".repeat(255));
        assertThat(rules.check(fine).request().getCorrelationId()).hasSize(255);
    }

    @Test
    void copiesResultsOnlyIntoAllowedBucketsAndNeverIntoTheServicesOwnStore() {
        assertThat(rules.check(request("{\"parameters\": {\"output_s3_path_prefix\": \"s3://exports/run-1\"}}")))
                .isNotNull();
        assertThat(rules.check(
                        request("{\"parameters\": {\"output_s3_path_prefix\": \"s3://service/deployment-copies\"}}")))
                .isNotNull();
        refused(
                request("{\"parameters\": {\"output_s3_path_prefix\": \"s3://elsewhere/x\"}}"),
                "job_config.parameters.output_s3_path_prefix: bucket 'elsewhere' is not one this service may write to (BATCH_OUTPUT_BUCKETS)");
        refused(
                request("{\"parameters\": {\"output_s3_path_prefix\": \"s3://service/deployment/objects/results\"}}"),
                "job_config.parameters.output_s3_path_prefix: points into this service's own store");
        refused(
                request("{\"parameters\": {\"output_s3_path_prefix\": \"s3://service/deployment\"}}"),
                "job_config.parameters.output_s3_path_prefix: points into this service's own store");
        JobRequestValidator local = new JobRequestValidator(
                new JobRequestValidator.Policy(url -> null, JobRequestValidator.Outputs.NONE, p -> true));
        assertThatThrownBy(() ->
                        local.check(request("{\"parameters\": {\"output_s3_path_prefix\": \"s3://exports/run-1\"}}")))
                .hasMessageContaining("needs an S3 blob store");
    }

    @Test
    void lowersAnUrgentPriorityTheProjectMayNotUseAndSaysSo() {
        JobRequested urgent = request("{\"parameters\": {\"priority\": \"critical\"}}");
        JobRequestValidator.Checked checked = rules.check(urgent);
        assertThat(checked.request().getPriority()).isEqualTo(Priority.medium);
        assertThat(checked.notices())
                .containsExactly("priority 'critical' is not enabled for this project; the job runs as medium");

        JobRequested byEvent = request("{}");
        byEvent.setPriority(Priority.high);
        assertThat(rules.check(byEvent).request().getPriority()).isEqualTo(Priority.medium);

        JobRequested vip = request("{\"parameters\": {\"priority\": \"high\"}}");
        vip.setProjectId("vip");
        assertThat(rules.check(vip).request().getPriority()).isEqualTo(Priority.high);
        assertThat(rules.check(vip).notices()).isEmpty();
    }

    @Test
    void namesAtMostTwentyUnknownItemIds() {
        assertThat(JobRequestValidator.unknownItems(List.of("theirs", "nowhere"))
                        .getMessage())
                .isEqualTo("item_ids: unknown ids theirs, nowhere");
        List<String> many = IntStream.range(0, 25).mapToObj(i -> "f" + i).toList();
        assertThat(JobRequestValidator.unknownItems(many).getMessage())
                .startsWith("item_ids: unknown ids f0, f1,")
                .endsWith("f19 and 5 more");
    }
}
