package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.batch.client.ApiResponse;
import dev.batch.common.kafka.Topics;
import dev.batch.common.kafka.Trace;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A job's correlation id and W3C traceparent travel from the HTTP request through the Kafka
 * records' headers to the webhook delivery, each hop with its own span of the same trace; the log
 * lines about the job carry its ids in the MDC.
 */
@WithKafka
class TracingIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @TempDir
    static Path data;

    static RunningSystem sys;
    static HttpServer receiver;
    static final List<Map<String, List<String>>> deliveries = new CopyOnWriteArrayList<>();
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    static TestKafka kafka;

    @BeforeAll
    static void start(TestKafka broker) throws Exception {
        kafka = broker;
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        receiver.createContext("/hook", exchange -> {
            deliveries.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        sys = RunningSystem.start(kafka, data, "tracing", Map.of("BATCH_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (sys != null) sys.close();
        if (receiver != null) receiver.stop(0);
    }

    @Test
    void correlationIdAndTraceparentTravelFromTheRequestThroughKafkaToTheWebhook() {
        String file =
                sys.upload("traced.txt", "A note that is traced from end to end.".getBytes(StandardCharsets.UTF_8));
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        ApiResponse created = sys.api.send(sys.api
                .request(RunningSystem.BATCH)
                .header("Content-Type", "application/json")
                .header("X-Correlation-Id", "order-4711")
                .header("traceparent", TRACEPARENT)
                .POST(HttpRequest.BodyPublishers.ofString("{\"job_config\": {\"parameters\": {\"do_not_cache\": true},"
                        + " \"webhook_configurations\": [{\"webhook_url\": \"" + hook
                        + "\", \"webhook_events\": [\"parse.success\"]}]},"
                        + " \"item_ids\": [\"" + file + "\"]}")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String job = created.json().get("id").asText();
        sys.awaitTerminal(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries.isEmpty());

        // The webhook: the correlation id in the payload, the trace continued (same trace id, a span of its own).
        String delivered = deliveries.get(0).get("Traceparent").get(0);
        assertThat(delivered).startsWith("00-" + TRACE_ID + "-").endsWith("-01").isNotEqualTo(TRACEPARENT);

        // Kafka: the request, the task and the result carry both, each hop a different span of the trace.
        Topics topics = Topics.create(sys.namespace, 3);
        List<String> spans = new ArrayList<>();
        for (String topic : List.of(
                topics.jobRequests.name(),
                topics.tasksParse.name(),
                topics.itemResults.name(),
                topics.jobEvents.name())) {
            List<ConsumerRecord<byte[], byte[]>> records = read(topic);
            ConsumerRecord<byte[], byte[]> traced = records.stream()
                    .filter(r -> Trace.get(r.headers(), Trace.TRACEPARENT) != null)
                    .findFirst()
                    .orElse(null);
            assertThat(traced)
                    .as("a record with a traceparent on %s among %d", topic, records.size())
                    .isNotNull();
            assertThat(Trace.get(traced.headers(), Trace.CORRELATION_ID))
                    .as(topic)
                    .isEqualTo("order-4711");
            String span = Trace.get(traced.headers(), Trace.TRACEPARENT);
            assertThat(span).as(topic).startsWith("00-" + TRACE_ID + "-");
            spans.add(span);
        }
        assertThat(spans).as("each hop its own span").doesNotHaveDuplicates().doesNotContain(TRACEPARENT);

        // The log lines about the job name it and its correlation id: at the ingress and at the splitter.
        List<ILoggingEvent> aboutJob = logs.list.stream()
                .filter(e -> job.equals(e.getMDCPropertyMap().get("job_id")))
                .toList();
        assertThat(aboutJob)
                .extracting(ILoggingEvent::getLoggerName)
                .contains("dev.batch.ingress.JobSubmitter", "dev.batch.splitter.SplitProcessor");
        assertThat(aboutJob)
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("correlation_id", "order-4711"));
        // And no line about another job carries this job's id: the MDC does not leak across threads' tasks.
        assertThat(logs.list.stream()
                        .filter(e -> e.getFormattedMessage().contains("Accepted")
                                && !e.getFormattedMessage().contains(job))
                        .filter(e -> job.equals(e.getMDCPropertyMap().get("job_id"))))
                .isEmpty();
    }

    @Test
    void anInvalidTraceparentIsDroppedAndTheJobStillRuns() {
        String file = sys.upload("untraced.txt", "Another note.".getBytes(StandardCharsets.UTF_8));
        ApiResponse created = sys.api.send(sys.api
                .request(RunningSystem.BATCH)
                .header("Content-Type", "application/json")
                .header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"job_config\": {}, \"item_ids\": [\"" + file + "\"]}")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String job = created.json().get("id").asText();
        assertThat(sys.awaitTerminal(job).get("status").asText()).isEqualTo("completed");
        Topics topics = Topics.create(sys.namespace, 3);
        assertThat(read(topics.jobRequests.name()))
                .filteredOn(r -> new String(r.key(), StandardCharsets.UTF_8).equals(job))
                .singleElement()
                .satisfies(r ->
                        assertThat(Trace.get(r.headers(), Trace.TRACEPARENT)).isNull());
    }

    /** Every record on the topic so far (read_committed: what the pipeline wrote in its transactions). */
    private static List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
