package dev.batch.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.jobs.JobConfigs;
import dev.batch.events.JobRequested;
import dev.batch.events.JobType;
import dev.batch.events.WebhookQueue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's receivers become its queues: from the typed config it carries, or from its JSON when a producer left that out. */
class ReceiversTest {
    private static final String CONFIG = """
            {"parameters": {"webhook_url": "https://hooks.example/end", "custom_metadata": {"case": "W-1"},
              "webhook_configurations": [{"webhook_url": "https://hooks.example/all", "webhook_headers": {"X-Key": "k"},
                "webhook_output_format": "json"}, {"webhook_url": "https://hooks.example/some", "webhook_events": ["parse.success"]}]}}""";

    private static JobRequested request() {
        return JobRequested.newBuilder()
                .setJobId("bjb-1")
                .setProjectId("proj")
                .setJobType(JobType.parse)
                .setJobConfigJson(CONFIG)
                .setItemIds(List.of("a"))
                .setCorrelationId("corr-1")
                .setRequestedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void oneQueuePerReceiverInTheOrderTheConfigNamesThem() throws Exception {
        JobRequested typed = request();
        typed.setConfig(JobConfigs.read(CONFIG, JobType.parse));
        for (JobRequested r : List.of(typed, request())) {
            List<WebhookQueue> queues = Receivers.of(r);
            assertThat(queues)
                    .extracting(WebhookQueue::getUrl)
                    .containsExactly(
                            "https://hooks.example/all", "https://hooks.example/some", "https://hooks.example/end");
            assertThat(queues).extracting(WebhookQueue::getReceiver).containsExactly(0, 1, 2);
            WebhookQueue all = queues.get(0);
            assertThat(all.getHeadersJson()).isEqualTo("{\"X-Key\":\"k\"}");
            assertThat(all.getOutputFormat()).isEqualTo("json");
            assertThat(all.getEvents()).isNull();
            assertThat(all.getCustomMetadataJson()).isEqualTo("{\"case\":\"W-1\"}");
            assertThat(all.getCorrelationId()).isEqualTo("corr-1");
            assertThat(queues.get(1).getEvents()).containsExactly("parse.success");
            assertThat(queues.get(2).getHeadersJson()).isEqualTo("{}");
            assertThat(queues.get(2).getEvents())
                    .as("the legacy URL hears of the end only")
                    .containsExactly("parse.success", "parse.partial_success", "parse.error", "parse.cancelled");
        }
    }
}
