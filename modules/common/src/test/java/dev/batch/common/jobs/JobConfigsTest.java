package dev.batch.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batch.common.json.ConfigHash;
import dev.batch.common.kafka.AvroSerdes;
import dev.batch.events.ClassifyConfig;
import dev.batch.events.ClassifyMode;
import dev.batch.events.ClassifyRule;
import dev.batch.events.ExtractConfig;
import dev.batch.events.ExtractTier;
import dev.batch.events.ExtractionTarget;
import dev.batch.events.FailedPageMode;
import dev.batch.events.ItemTask;
import dev.batch.events.JobConfig;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.events.PageRange;
import dev.batch.events.ParseConfig;
import dev.batch.events.WebhookReceiver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job config read once into typed values: every honoured field, the defaults, and what is refused. */
class JobConfigsTest {
    static {
        AvroSerdes.trustEvents(); // builders with enum defaults, before any JobConfigs call trusts them
    }

    private static JobConfig parse(String json) {
        return JobConfigs.read(json, JobType.parse);
    }

    private static void refused(String json, JobType type, String message) {
        assertThatThrownBy(() -> JobConfigs.read(json, type))
                .isInstanceOf(JobRequestValidator.Invalid.class)
                .hasMessage(message);
    }

    @Test
    void readsEveryParseParameterTheWorkerHonours() {
        JobConfig config = parse("""
                {"parameters": {"target_pages": "0,2-4,7", "max_pages": 9, "page_separator": "<hr>", "page_prefix": "[{page_number}]",
                 "page_suffix": "[/]", "custom_metadata": {"case": 7}, "disable_ocr": true, "languages": ["fr", "de"], "lang": "en",
                 "page_error_tolerance": 0.5, "replace_failed_page_mode": "error_message",
                 "replace_failed_page_with_error_message_prefix": "<<", "replace_failed_page_with_error_message_suffix": ">>",
                 "output_tables_as_HTML": true, "hide_headers": true, "hide_footers": true, "images_to_save": ["embedded"],
                 "take_screenshot": true, "output_s3_path_prefix": " s3://exports/run-1 ", "job_timeout_in_seconds": 30.5,
                 "job_timeout_extra_time_per_page_in_seconds": 2, "do_not_cache": true, "invalidate_cache": true,
                 "merge_continued_tables": true}}""");
        ParseConfig p = config.getParse();
        assertThat(p.getTargetPages()).containsExactly(new PageRange(0, 0), new PageRange(2, 4), new PageRange(7, 7));
        assertThat(p.getMaxPages()).isEqualTo(9);
        assertThat(p.getPageSeparator()).isEqualTo("<hr>");
        assertThat(p.getPagePrefix()).isEqualTo("[{page_number}]");
        assertThat(p.getPageSuffix()).isEqualTo("[/]");
        assertThat(p.getDisableOcr()).isTrue();
        assertThat(p.getLanguages()).as("languages wins over lang").containsExactly("fr", "de");
        assertThat(p.getPageErrorTolerance()).isEqualTo(0.5);
        assertThat(p.getReplaceFailedPageMode()).isEqualTo(FailedPageMode.error_message);
        assertThat(p.getReplaceFailedPageWithErrorMessagePrefix()).isEqualTo("<<");
        assertThat(p.getReplaceFailedPageWithErrorMessageSuffix()).isEqualTo(">>");
        assertThat(p.getOutputTablesAsHtml()).isTrue();
        assertThat(p.getHideHeaders()).isTrue();
        assertThat(p.getHideFooters()).isTrue();
        assertThat(p.getImagesToSave()).containsExactly("embedded", "screenshot");
        assertThat(p.getMergeContinuedTables()).isTrue();
        assertThat(config.getClassify()).isNull();
        assertThat(config.getCustomMetadataJson()).isEqualTo("{\"case\":7}");
        assertThat(config.getOutputS3PathPrefix()).isEqualTo("s3://exports/run-1");
        assertThat(config.getJobTimeoutInSeconds()).isEqualTo(30.5);
        assertThat(config.getJobTimeoutExtraTimePerPageInSeconds()).isEqualTo(2.0);
        assertThat(config.getDoNotCache()).isTrue();
        assertThat(config.getInvalidateCache()).isTrue();
        assertThat(config.getWebhooks()).isEmpty();
    }

    @Test
    void aConfigWithoutParametersGetsTheWorkersDefaults() {
        for (String json : new String[] {"{}", "{\"parameters\": null}", "{\"parameters\": {}}"}) {
            JobConfig config = parse(json);
            ParseConfig p = config.getParse();
            assertThat(p.getTargetPages()).as(json).isNull();
            assertThat(p.getMaxPages()).isNull();
            assertThat(p.getPageSeparator()).isEqualTo("\n---\n");
            assertThat(p.getPagePrefix()).isNull();
            assertThat(p.getPageSuffix()).isNull();
            assertThat(p.getDisableOcr()).isFalse();
            assertThat(p.getLanguages()).isEmpty();
            assertThat(p.getPageErrorTolerance()).isEqualTo(0.05);
            assertThat(p.getReplaceFailedPageMode()).isEqualTo(FailedPageMode.raw_text);
            assertThat(p.getReplaceFailedPageWithErrorMessagePrefix()).isEmpty();
            assertThat(p.getReplaceFailedPageWithErrorMessageSuffix()).isEmpty();
            assertThat(p.getOutputTablesAsHtml() || p.getHideHeaders() || p.getHideFooters())
                    .isFalse();
            assertThat(p.getImagesToSave()).isEmpty();
            assertThat(p.getMergeContinuedTables()).isFalse();
            assertThat(config.getCustomMetadataJson()).isNull();
            assertThat(config.getOutputS3PathPrefix()).isNull();
            assertThat(config.getJobTimeoutInSeconds()).isNull();
            assertThat(config.getJobTimeoutExtraTimePerPageInSeconds()).isNull();
            assertThat(config.getDoNotCache() || config.getInvalidateCache()).isFalse();
            assertThat(config.getParametersHash()).isEqualTo(ConfigHash.of(json));
        }
        assertThat(parse("{\"parameters\": {\"lang\": \"en+fr, de\"}}")
                        .getParse()
                        .getLanguages())
                .containsExactly("en", "fr", "de");
    }

    @Test
    void aTimeoutAsANumberOrAsTextIsOneAnswer() {
        JobConfig number = parse(
                "{\"parameters\": {\"job_timeout_in_seconds\": 45, \"job_timeout_extra_time_per_page_in_seconds\": 1.5}}");
        JobConfig text = parse(
                "{\"parameters\": {\"job_timeout_in_seconds\": \"45\", \"job_timeout_extra_time_per_page_in_seconds\": \" 1.5\"}}");
        assertThat(text.getJobTimeoutInSeconds())
                .isEqualTo(number.getJobTimeoutInSeconds())
                .isEqualTo(45.0);
        assertThat(text.getJobTimeoutExtraTimePerPageInSeconds())
                .isEqualTo(number.getJobTimeoutExtraTimePerPageInSeconds())
                .isEqualTo(1.5);
        refused(
                "{\"parameters\": {\"job_timeout_in_seconds\": \"soon\"}}",
                JobType.parse,
                "job_config.parameters.job_timeout_in_seconds: must be a number from 0.1 to 86400");
        refused(
                "{\"parameters\": {\"job_timeout_in_seconds\": \"1e999\"}}",
                JobType.parse,
                "job_config.parameters.job_timeout_in_seconds: must be a number from 0.1 to 86400");
        refused(
                "{\"rules\": [{\"type\": \"a\", \"description\": \"b\"}], \"parameters\": {\"job_timeout_in_seconds\": -5}}",
                JobType.classify,
                "job_config.parameters.job_timeout_in_seconds: must be a number from 0.1 to 86400");
    }

    @Test
    void readsAClassifyConfigAndItsParsingOptions() {
        JobConfig config = JobConfigs.read("""
                {"rules": [{"type": " invoice ", "description": "a bill"}, {"type": "receipt", "description": "a till slip"}],
                 "mode": "MULTIMODAL", "parsing_configuration": {"lang": "fr", "max_pages": 2, "target_pages": [0, 3]},
                 "webhook_configurations": [{"webhook_url": "https://hooks.example/c"}], "parameters": {"do_not_cache": true}}""", JobType.classify);
        ClassifyConfig c = config.getClassify();
        assertThat(c.getRules())
                .containsExactly(new ClassifyRule("invoice", "a bill"), new ClassifyRule("receipt", "a till slip"));
        assertThat(c.getMode()).isEqualTo(ClassifyMode.MULTIMODAL);
        assertThat(c.getLang()).isEqualTo("fr");
        assertThat(c.getMaxPages()).isEqualTo(2);
        assertThat(c.getTargetPages()).containsExactly(0, 3);
        assertThat(config.getParse()).isNull();
        assertThat(config.getDoNotCache()).isTrue();
        assertThat(config.getWebhooks()).extracting(WebhookReceiver::getUrl).containsExactly("https://hooks.example/c");

        ClassifyConfig plain = JobConfigs.read(
                        "{\"rules\": [{\"type\": \"a\", \"description\": \"b\"}]}", JobType.classify)
                .getClassify();
        assertThat(plain.getMode()).isEqualTo(ClassifyMode.FAST);
        assertThat(plain.getLang()).isNull();
        assertThat(plain.getMaxPages()).isEqualTo(5);
        assertThat(plain.getTargetPages()).isNull();
        refused(
                "{\"rules\": [{\"type\": \"a\", \"description\": \"b\"}, {\"type\": \"A \", \"description\": \"c\"}]}",
                JobType.classify,
                "job_config.rules[1].type: 'A' is the type of an earlier rule too; types must be unique");
        refused(
                "{\"rules\": [{\"type\": \"a\", \"description\": \"b\"}], \"mode\": \"SLOW\"}",
                JobType.classify,
                "job_config.mode: must be FAST or MULTIMODAL");
    }

    @Test
    void readsAnExtractConfigWithItsSchemaNormalised() {
        JobConfig config = JobConfigs.read("""
                {"data_schema": {"total": {"type": "number", "description": "amount paid"}},
                 "extraction_target": "per_page", "cite_sources": true, "tier": "agentic",
                 "target_pages": "1, 3-5", "max_pages": 4, "system_prompt": "Receipts from Malaysia",
                 "extract_version": "latest", "parameters": {"lang": "ms+en", "do_not_cache": true}}""", JobType.extract);
        ExtractConfig e = config.getExtract();
        assertThat(e.getDataSchemaJson())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"number\","
                        + "\"description\":\"amount paid\"}}}");
        assertThat(e.getExtractionTarget()).isEqualTo(ExtractionTarget.per_page);
        assertThat(e.getCiteSources()).isTrue();
        assertThat(e.getConfidenceScores()).isFalse();
        assertThat(e.getTier()).isEqualTo(ExtractTier.agentic);
        assertThat(e.getTargetPages()).isEqualTo("1, 3-5");
        assertThat(e.getMaxPages()).isEqualTo(4);
        assertThat(e.getSystemPrompt()).isEqualTo("Receipts from Malaysia");
        assertThat(e.getLanguages()).containsExactly("ms", "en");
        assertThat(config.getDoNotCache()).isTrue();
        assertThat(config.getParse()).isNull();
        assertThat(JobRequestValidator.jobType(JobConfigs.tree("{\"data_schema\": {}}")))
                .isEqualTo(JobType.extract);

        ExtractConfig plain = JobConfigs.read("{\"data_schema\": {\"a\": {\"type\": \"string\"}}}", JobType.extract)
                .getExtract();
        assertThat(plain.getExtractionTarget()).isEqualTo(ExtractionTarget.per_doc);
        assertThat(plain.getTier()).isEqualTo(ExtractTier.cost_effective);
        assertThat(plain.getCiteSources()).isFalse();
        assertThat(plain.getTargetPages()).isNull();
        assertThat(plain.getLanguages()).isEmpty();
    }

    @Test
    void refusesABadExtractConfigNamingWhereItIsWrong() {
        refused(
                "{\"data_schema\": {\"properties\": {\"total\": {\"type\": \"money\"}}}}",
                JobType.extract,
                "job_config.data_schema/properties/total/type: unknown type 'money'");
        refused(
                "{\"data_schema\": null}",
                JobType.extract,
                "job_config.data_schema: is required: the fields to extract");
        refused(
                "{\"data_schema\": {\"a\": {\"type\": \"string\"}}, \"extraction_target\": \"per_word\"}",
                JobType.extract,
                "job_config.extraction_target: must be one of per_doc, per_page, per_table_row");
        refused(
                "{\"data_schema\": {\"a\": {\"type\": \"string\"}}, \"target_pages\": \"0-2\"}",
                JobType.extract,
                "job_config.target_pages: '0-2' is not 1-based pages and ranges such as \"1,3-5\"");
        refused(
                "{\"data_schema\": {\"a\": {\"type\": \"string\"}}, \"max_pages\": 0}",
                JobType.extract,
                "job_config.max_pages: must be an integer of at least 1");
        refused(
                "{\"data_schema\": {\"a\": {\"type\": \"string\"}}, \"cite_sources\": \"yes\"}",
                JobType.extract,
                "job_config.cite_sources: must be true or false");
        assertThatThrownBy(() -> JobRequestValidator.jobType(JobConfigs.tree(
                        "{\"data_schema\": {}, \"rules\": [{\"type\": \"a\", \"description\": \"b\"}]}")))
                .hasMessage("job_config: has both rules (classify) and a data_schema (extract); a job does one");
    }

    @Test
    void readsWebhookReceiversInTheOrderTheSinkNumbersThem() {
        JobConfig config = parse("""
                {"webhook_url": "https://hooks.example/root-legacy",
                 "webhook_configurations": [{"webhook_url": "https://hooks.example/root"}],
                 "parameters": {"webhook_url": "https://hooks.example/legacy", "custom_metadata": {"a": 1},
                   "webhook_configurations": [{"webhook_url": "https://hooks.example/all", "webhook_headers": {"X-Key": "k"},
                     "webhook_output_format": "json", "webhook_events": ["parse.success", "parse.item_failed"]}]},
                 "custom_metadata": {"ignored": true}}""");
        List<WebhookReceiver> hooks = config.getWebhooks();
        assertThat(hooks)
                .extracting(WebhookReceiver::getUrl)
                .containsExactly(
                        "https://hooks.example/all",
                        "https://hooks.example/root",
                        "https://hooks.example/legacy",
                        "https://hooks.example/root-legacy");
        assertThat(hooks.get(0).getHeaders()).isEqualTo(Map.of("X-Key", "k"));
        assertThat(hooks.get(0).getOutputFormat()).isEqualTo("json");
        assertThat(hooks.get(0).getEvents()).containsExactly("parse.success", "parse.item_failed");
        assertThat(hooks.get(1).getEvents()).as("null: every event").isNull();
        assertThat(hooks.get(1).getOutputFormat()).isEqualTo("string");
        assertThat(hooks.get(2).getEvents())
                .as("a legacy URL hears of the end only")
                .containsExactly("parse.success", "parse.partial_success", "parse.error", "parse.cancelled");
        assertThat(config.getCustomMetadataJson()).isEqualTo("{\"a\":1}");
        assertThat(JobConfigs.read(
                                "{\"rules\": [{\"type\": \"a\", \"description\": \"b\"}], \"custom_metadata\": \"c-1\"}",
                                JobType.classify)
                        .getCustomMetadataJson())
                .as("a classify config's own")
                .isEqualTo("\"c-1\"");
        assertThatThrownBy(() -> JobConfigs.read(
                        JobConfigs.tree("{\"parameters\": {\"webhook_url\": \"http://10.0.0.1/\"}}"),
                        JobType.parse,
                        url -> url.contains("10.0.0.1") ? "resolves to an internal address" : null))
                .hasMessage("job_config.parameters.webhook_url: resolves to an internal address");
    }

    @Test
    void acceptsTheSdksUnmappedEventAmongTheWebhookEvents() {
        JobConfig config = parse("""
                {"webhook_configurations": [{"webhook_url": "https://hooks.example/a",
                   "webhook_events": ["parse.success", "unmapped_event"]}]}""");
        assertThat(config.getWebhooks().get(0).getEvents()).containsExactly("parse.success", "unmapped_event");
        assertThatThrownBy(() -> parse("""
                        {"webhook_configurations": [{"webhook_url": "https://hooks.example/a",
                           "webhook_events": ["parse.unmapped"]}]}"""))
                .hasMessageStartingWith("job_config.webhook_configurations[0].webhook_events: 'parse.unmapped'")
                .hasMessageEndingWith("or unmapped_event");
    }

    @Test
    void refusesABadValueNamingItsField() {
        refused(
                "{\"parameters\": {\"max_pages\": 0}}",
                JobType.parse,
                "job_config.parameters.max_pages: must be an integer of at least 1");
        refused(
                "{\"parameters\": {\"target_pages\": \"3-1\"}}",
                JobType.parse,
                "job_config.parameters.target_pages: has a backwards range \"3-1\"");
        refused(
                "{\"parameters\": {\"disable_ocr\": \"yes\"}}",
                JobType.parse,
                "job_config.parameters.disable_ocr: must be true or false");
        refused(
                "{\"parameters\": {\"merge_continued_tables\": 1}}",
                JobType.parse,
                "job_config.parameters.merge_continued_tables: must be true or false");
        refused(
                "{\"parameters\": {\"page_error_tolerance\": \"0.1\"}}",
                JobType.parse,
                "job_config.parameters.page_error_tolerance: must be a number from 0 to 1");
        refused(
                "{\"parameters\": {\"images_to_save\": [\"all\"]}}",
                JobType.parse,
                "job_config.parameters.images_to_save: values must be screenshot, embedded or layout, got \"all\"");
        refused(
                "{\"parameters\": {\"replace_failed_page_mode\": \"skip\"}}",
                JobType.parse,
                "job_config.parameters.replace_failed_page_mode: must be one of [raw_text, blank_page, error_message]");
        refused(
                "{\"parameters\": {\"output_s3_path_prefix\": \"https://x\"}}",
                JobType.parse,
                "job_config.parameters.output_s3_path_prefix: must be an s3://bucket/prefix location (bucket name in lower case;"
                        + " letters, digits, '.', '_', '-' and '/' in the path)");
        refused(
                "{\"parameters\": {\"custom_metadata\": [1]}}",
                JobType.parse,
                "job_config.parameters.custom_metadata: must be an object");
        refused("{\"parameters\": 3}", JobType.parse, "job_config.parameters: must be an object");
        refused("[]", JobType.parse, "job_config: must be an object (a parse, classify or extract config)");
        assertThatThrownBy(() -> parse("{nope")).hasMessageStartingWith("job_config: is not valid JSON: ");
    }

    @Test
    void keepsParametersItDoesNotHonourInTheRequestAndOutOfTheHash() {
        String json =
                "{\"parameters\": {\"premium_mode\": true, \"max_pages\": 3, \"webhook_url\": \"https://hooks.example/x\"}}";
        JobRequested request = JobRequested.newBuilder()
                .setJobId("bjb-1")
                .setProjectId("p")
                .setJobType(JobType.parse)
                .setJobConfigJson(json)
                .setItemIds(List.of("f1"))
                .setRequestedAt(Instant.EPOCH)
                .build();
        JobRequested checked = JobRequestValidator.permissive().check(request).request();
        assertThat(checked.getJobConfigJson()).isEqualTo(json);
        assertThat(checked.getConfig().getParse().getMaxPages()).isEqualTo(3);
        assertThat(checked.getConfig().getParametersHash())
                .isEqualTo(ConfigHash.of(json))
                .isNotEqualTo(ConfigHash.of("{\"parameters\": {\"max_pages\": 3}}"));
        assertThat(ConfigHash.of("{\"parameters\": {\"premium_mode\": true, \"max_pages\": 3}}"))
                .isEqualTo(checked.getConfig().getParametersHash());
        assertThat(ConfigHash.of("{\"parameters\": {\"max_pages\": 3, \"merge_continued_tables\": true}}"))
                .as("merging continued tables changes results")
                .isNotEqualTo(ConfigHash.of("{\"parameters\": {\"max_pages\": 3}}"));
    }

    @Test
    void aRequestOrTaskProducedWithoutAConfigIsReadFromItsJson() {
        JobRequested request = JobRequested.newBuilder()
                .setJobId("bjb-1")
                .setProjectId("p")
                .setJobType(JobType.parse)
                .setJobConfigJson("{\"parameters\": {\"max_pages\": 2}}")
                .setItemIds(List.of("f1"))
                .setRequestedAt(Instant.EPOCH)
                .build();
        assertThat(JobConfigs.of(request).getParse().getMaxPages()).isEqualTo(2);
        JobConfig carried = parse("{\"parameters\": {\"max_pages\": 7}}");
        request.setConfig(carried);
        assertThat(JobConfigs.of(request)).isSameAs(carried);
        ItemTask task = ItemTask.newBuilder()
                .setJobId("bjb-1")
                .setProjectId("p")
                .setItemId("i")
                .setFileId("f")
                .setJobType(JobType.parse)
                .setJobConfigJson("{\"parameters\": {\"max_pages\": 4}}")
                .setConfigHash("h")
                .setDispatchedAt(Instant.EPOCH)
                .build();
        assertThat(JobConfigs.of(task).getParse().getMaxPages()).isEqualTo(4);
    }
}
