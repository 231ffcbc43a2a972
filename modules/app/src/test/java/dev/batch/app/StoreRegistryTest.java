package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.aggregator.AggregatorStreams;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.catalog.CatalogService;
import dev.batch.common.config.Config;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpec;
import dev.batch.common.kafka.StreamsService;
import dev.batch.common.kafka.Topics;
import dev.batch.common.net.ReceiverPolicy;
import dev.batch.common.query.QuerySecret;
import dev.batch.common.query.QueryServer;
import dev.batch.splitter.SplitterService;
import dev.batch.splitter.SplitterSettings;
import dev.batch.testkit.InMemoryCatalog;
import dev.batch.webhooks.WebhookSecrets;
import dev.batch.webhooks.WebhookService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.GlobalStore;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.TopologyDescription.Processor;
import org.apache.kafka.streams.TopologyDescription.Subtopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry knows every state store: each one a topology of the system adds is declared in {@link Topics}, and each declared one is used. */
class StoreRegistryTest {
    @TempDir
    Path dir;

    @Test
    void theStoresOfEveryStreamsApplicationAreTheStoresTopicsDeclares() throws Exception {
        Topics topics = Topics.create("registry.", 3);
        KafkaSettings kafka = new KafkaSettings("127.0.0.1:9", topics, (short) 1);
        List<String> used = new ArrayList<>();
        try (QueryServer queries = new QueryServer(
                "127.0.0.1",
                0,
                "127.0.0.1",
                QuerySecret.fixed("store-registry-test".getBytes(StandardCharsets.UTF_8)))) {
            List<StreamsService> applications = List.of(
                    new AggregatorStreams(kafka, dir.resolve("aggregator")),
                    new SplitterService(
                            kafka,
                            dir.resolve("splitter"),
                            new InMemoryCatalog(),
                            SplitterSettings.defaults(),
                            JobRequestValidator.permissive()),
                    new WebhookService(
                            kafka,
                            dir.resolve("webhooks"),
                            Config.of(Map.of()),
                            new WebhookSecrets(new LocalBlobStore(dir.resolve("blobs"))),
                            new ReceiverPolicy("127.0.0.1"),
                            queries),
                    new CatalogService(kafka, dir.resolve("catalog"), "test"));
            for (StreamsService application : applications) used.addAll(stores(application.describe()));
        }
        assertThat(used)
                .as("no store is added twice, by one application or two")
                .doesNotHaveDuplicates();
        assertThat(used)
                .containsExactlyInAnyOrderElementsOf(
                        topics.stores().stream().map(StoreSpec::name).toList());
    }

    private static List<String> stores(TopologyDescription topology) {
        List<String> out = new ArrayList<>();
        for (Subtopology sub : topology.subtopologies()) {
            for (Node node : sub.nodes()) {
                if (node instanceof Processor p) out.addAll(p.stores());
            }
        }
        for (GlobalStore global : topology.globalStores())
            out.addAll(global.processor().stores());
        return out;
    }
}
