package dev.batch.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Topics;
import dev.batch.events.JobEvent;
import dev.batch.events.JobRemoval;
import dev.batch.events.JobRequested;
import dev.batch.events.JobState;
import dev.batch.events.JobType;
import dev.batch.events.QueuedEvent;
import dev.batch.events.WebhookAttempt;
import dev.batch.events.WebhookQueue;
import dev.batch.events.WebhookResend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook sink's topology under the driver, with the production Streams settings: job requests
 * and events in, one queue per receiver, attempts started through a stand-in for the dispatcher and
 * their outcomes reported back as the delivery threads do.
 */
class WebhookTopologyTest {
    private static final Topics TOPICS = Topics.create(3);
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final List<Duration> DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOOK = "https://hooks.example/a";
    private static final String OTHER_HOOK = "https://hooks.example/b";

    @TempDir
    Path state;

    private final StandInDispatcher dispatcher = new StandInDispatcher();
    private TopologyTestDriver driver;
    private Instant now = T0;
    private TestInputTopic<String, JobRequested> requests;
    private TestInputTopic<String, JobEvent> events;
    private TestInputTopic<String, WebhookAttempt> attempts;
    private TestInputTopic<String, WebhookResend> resends;

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(
                WebhookTopology.build(TOPICS, dispatcher, DELAYS, "https://batch.example/"),
                WebhookService.props(new KafkaSettings("unused:9092", TOPICS, (short) 1), state, "localhost:8081"),
                T0);
        requests = driver.createInputTopic(
                TOPICS.jobRequests.name(),
                TOPICS.jobRequests.keySerde().serializer(),
                TOPICS.jobRequests.valueSerde().serializer());
        events = driver.createInputTopic(
                TOPICS.jobEvents.name(),
                TOPICS.jobEvents.keySerde().serializer(),
                TOPICS.jobEvents.valueSerde().serializer());
        attempts = driver.createInputTopic(
                TOPICS.webhookAttempts.name(),
                TOPICS.webhookAttempts.keySerde().serializer(),
                TOPICS.webhookAttempts.valueSerde().serializer());
        resends = driver.createInputTopic(
                TOPICS.webhookResends.name(),
                TOPICS.webhookResends.keySerde().serializer(),
                TOPICS.webhookResends.valueSerde().serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void queuesEachEventForTheReceiversThatSubscribeToIt() {
        requests.pipeInput(
                "bjb-1",
                job(
                        "bjb-1",
                        "{\"webhook_url\": \"" + HOOK + "\"}",
                        "{\"webhook_url\": \"" + OTHER_HOOK
                                + "\", \"webhook_events\": [\"parse.item_failed\", \"parse.success\"]}"));
        event("bjb-1", "evt-1", "parse.pending");
        event("bjb-1", "evt-2", "parse.item_failed");
        event("bjb-1", "evt-3", "parse.running");
        event("bjb-1", "evt-4", "parse.success");

        assertThat(queued("bjb-1/0"))
                .as("LlamaCloud's events by default, not ours")
                .containsExactly("evt-1", "evt-3", "evt-4");
        assertThat(queued("bjb-1/1")).as("the events it named").containsExactly("evt-2", "evt-4");
        assertThat(dispatcher.take())
                .as("each queue's head at once")
                .containsExactly("bjb-1/0 evt-1 #1", "bjb-1/1 evt-2 #1");
    }

    @Test
    void dropsARemovedJobsQueuesEventsAndDeliveryLogOnItsLastRemovalPartAndKeepsTheOthers() {
        requests.pipeInput("bjb-8", job("bjb-8", "{\"webhook_url\": \"" + HOOK + "\"}"));
        requests.pipeInput("bjb-9", job("bjb-9", "{\"webhook_url\": \"" + HOOK + "\"}"));
        event("bjb-8", "evt-1", "parse.success");
        report(200);
        event("bjb-9", "evt-2", "parse.success");
        report(200);
        assertThat(log("bjb-8")).containsExactly("evt-1 #1 delivered");

        TestInputTopic<String, JobRemoval> removals = driver.createInputTopic(
                TOPICS.jobRemovals.name(),
                TOPICS.jobRemovals.keySerde().serializer(),
                TOPICS.jobRemovals.valueSerde().serializer());
        removals.pipeInput("bjb-8", removal("bjb-8", 0, false));
        assertThat(log("bjb-8")).as("not before the job's last part").containsExactly("evt-1 #1 delivered");
        removals.pipeInput("bjb-8", removal("bjb-8", 1, true));

        assertThat(queue("bjb-8/0")).isNull();
        assertThat(queued("bjb-8/0")).isEmpty();
        assertThat(log("bjb-8")).isEmpty();
        assertThat(queued("bjb-9/0")).containsExactly("evt-2");
        assertThat(log("bjb-9")).containsExactly("evt-2 #1 delivered");
    }

    @Test
    void startsAQueuesNextEventOnlyWhenItsHeadIsDeliveredAndLogsEveryAttempt() {
        requests.pipeInput("bjb-2", job("bjb-2", "{\"webhook_url\": \"" + HOOK + "\"}"));
        event("bjb-2", "evt-1", "parse.pending");
        event("bjb-2", "evt-2", "parse.running");
        event("bjb-2", "evt-3", "parse.success");
        assertThat(dispatcher.take()).containsExactly("bjb-2/0 evt-1 #1");
        advance(Duration.ofSeconds(1));
        assertThat(dispatcher.take()).as("one attempt per receiver at a time").isEmpty();

        report(200);
        assertThat(dispatcher.take()).containsExactly("bjb-2/0 evt-2 #1");
        report(204);
        assertThat(dispatcher.take()).containsExactly("bjb-2/0 evt-3 #1");
        report(200);
        assertThat(dispatcher.take()).isEmpty();
        assertThat(log("bjb-2")).containsExactly("evt-1 #1 delivered", "evt-2 #1 delivered", "evt-3 #1 delivered");
        assertThat(queue("bjb-2/0").getHeadSeq()).isEqualTo(queue("bjb-2/0").getNextSeq());
    }

    @Test
    void retriesAFailedDeliveryAfterEachDelayThenGivesUpAndMovesOn() {
        requests.pipeInput("bjb-3", job("bjb-3", "{\"webhook_url\": \"" + HOOK + "\"}"));
        event("bjb-3", "evt-1", "parse.pending");
        event("bjb-3", "evt-2", "parse.success");
        assertThat(dispatcher.take()).containsExactly("bjb-3/0 evt-1 #1");

        report(500);
        advance(Duration.ofMillis(900));
        assertThat(dispatcher.take()).as("before the first delay").isEmpty();
        advance(Duration.ofMillis(300)); // past the delay and its jitter (at most 10%)
        assertThat(dispatcher.take()).containsExactly("bjb-3/0 evt-1 #2");

        report(503);
        advance(Duration.ofSeconds(9));
        assertThat(dispatcher.take()).as("before the second delay").isEmpty();
        advance(Duration.ofMillis(2200));
        assertThat(dispatcher.take()).containsExactly("bjb-3/0 evt-1 #3");

        report(0);
        assertThat(dispatcher.take())
                .as("the next event, once the head is given up")
                .containsExactly("bjb-3/0 evt-2 #1");
        assertThat(log("bjb-3")).containsExactly("evt-1 #1 retrying", "evt-1 #2 retrying", "evt-1 #3 gave_up");
        assertThat(event("bjb-3/0", 0).getState()).isEqualTo("gave_up");
    }

    @Test
    void unsubscribesAReceiverThatAnswers410AndDropsWhatItHadQueued() {
        requests.pipeInput("bjb-4", job("bjb-4", "{\"webhook_url\": \"" + HOOK + "\"}"));
        event("bjb-4", "evt-1", "parse.pending");
        event("bjb-4", "evt-2", "parse.running");
        dispatcher.take();

        report(410);
        event("bjb-4", "evt-3", "parse.success");
        resends.pipeInput("bjb-4", resend("bjb-4", "evt-1"));
        advance(Duration.ofSeconds(30));

        assertThat(dispatcher.take()).isEmpty();
        assertThat(log("bjb-4")).containsExactly("evt-1 #1 unsubscribed");
        assertThat(queue("bjb-4/0").getUnsubscribed()).isTrue();
        assertThat(List.of(event("bjb-4/0", 0).getState(), event("bjb-4/0", 1).getState()))
                .containsExactly("dropped", "dropped");
        assertThat(queued("bjb-4/0")).as("nothing joins the queue after").containsExactly("evt-1", "evt-2");
    }

    @Test
    void ignoresARepeatedRequestEventOrAttemptReport() {
        requests.pipeInput("bjb-5", job("bjb-5", "{\"webhook_url\": \"" + HOOK + "\"}"));
        event("bjb-5", "evt-1", "parse.pending");
        requests.pipeInput(
                "bjb-5",
                job("bjb-5", "{\"webhook_url\": \"" + HOOK + "\"}", "{\"webhook_url\": \"" + OTHER_HOOK + "\"}"));
        event("bjb-5", "evt-1", "parse.pending");
        event("bjb-5", "evt-2", "parse.running");
        event("bjb-5", "evt-3", "parse.success");
        assertThat(queued("bjb-5/0")).containsExactly("evt-1", "evt-2", "evt-3");
        assertThat(queue("bjb-5/1")).as("the replayed request adds no receiver").isNull();

        assertThat(dispatcher.take()).containsExactly("bjb-5/0 evt-1 #1");
        WebhookAttempt delivered = attempt(200);
        String id = dispatcher.lastId;
        report(delivered, id);
        report(delivered, id);
        assertThat(dispatcher.take())
                .as("the report read twice moves the queue on once")
                .containsExactly("bjb-5/0 evt-2 #1");
        assertThat(event("bjb-5/0", 1).getState()).isEqualTo("pending");
        assertThat(log("bjb-5")).containsExactly("evt-1 #1 delivered");
    }

    @Test
    void anEarlierInstancesReportUnderTheSameNumberNeitherStartsTheHeadAgainNorHidesThisInstancesDelivery() {
        requests.pipeInput("bjb-10", job("bjb-10", "{\"webhook_url\": \"" + HOOK + "\"}"));
        event("bjb-10", "evt-1", "parse.pending");
        event("bjb-10", "evt-2", "parse.running");
        assertThat(dispatcher.take()).containsExactly("bjb-10/0 evt-1 #1");

        // The instance before a restart made attempt #1 of the same head; its failure is read only now.
        report(attempt(503), "earlier-instance-1");
        advance(Duration.ofSeconds(2));
        assertThat(dispatcher.take())
                .as("this instance's attempt is still in flight")
                .isEmpty();

        report(200);
        assertThat(dispatcher.take()).as("delivered once: the queue moves on").containsExactly("bjb-10/0 evt-2 #1");
        assertThat(log("bjb-10")).containsExactly("evt-1 #1 retrying", "evt-1 #1 delivered");
        assertThat(event("bjb-10/0", 0).getState()).isEqualTo("delivered");
    }

    @Test
    void deliversEventsReadBeforeTheirJobsRequestInTheOrderTheyHappened() {
        events.pipeInput("bjb-6", jobEvent("bjb-6", "evt-late", "parse.running", T0.plusMillis(2)));
        events.pipeInput("bjb-6", jobEvent("bjb-6", "evt-early", "parse.pending", T0.plusMillis(1)));
        assertThat(dispatcher.take()).isEmpty();

        requests.pipeInput("bjb-6", job("bjb-6", "{\"webhook_url\": \"" + HOOK + "\"}"));
        assertThat(queued("bjb-6/0")).containsExactly("evt-early", "evt-late");
        assertThat(dispatcher.take()).containsExactly("bjb-6/0 evt-early #1");
        report(200);
        assertThat(dispatcher.take()).containsExactly("bjb-6/0 evt-late #1");
    }

    @Test
    void resendsADeliveredEventAtTheEndOfItsQueueForANewRoundWithTheSameIdAndBody() {
        requests.pipeInput("bjb-7", job("bjb-7", "{\"webhook_url\": \"" + HOOK + "\"}"));
        event("bjb-7", "evt-1", "parse.pending");
        event("bjb-7", "evt-2", "parse.success");
        byte[] body = dispatcher.last.getBody().array();
        report(200);
        assertThat(dispatcher.take()).containsExactly("bjb-7/0 evt-1 #1", "bjb-7/0 evt-2 #1");

        resends.pipeInput("bjb-7", resend("bjb-7", "evt-1"));
        assertThat(dispatcher.take()).as("behind the event in flight").isEmpty();
        report(200);
        assertThat(dispatcher.take()).containsExactly("bjb-7/0 evt-1 #2");
        assertThat(dispatcher.last.getBody().array()).isEqualTo(body);

        report(500); // the first failure of the new round waits the first delay, it is not given up
        advance(Duration.ofMillis(1300));
        assertThat(dispatcher.take()).containsExactly("bjb-7/0 evt-1 #3");
        assertThat(log("bjb-7")).containsExactly("evt-1 #1 delivered", "evt-2 #1 delivered", "evt-1 #2 retrying");
    }

    @Test
    void triesAnEventWaitingForItsRetryAtOnceWhenResent() {
        requests.pipeInput("bjb-8", job("bjb-8", "{\"webhook_url\": \"" + HOOK + "\"}"));
        event("bjb-8", "evt-1", "parse.pending");
        dispatcher.take();
        report(500);
        assertThat(dispatcher.take()).isEmpty();

        resends.pipeInput("bjb-8", resend("bjb-8", "evt-1"));
        assertThat(dispatcher.take()).containsExactly("bjb-8/0 evt-1 #2");
    }

    @Test
    void callsASingleWebhookUrlOnlyWhenTheJobEndsWithLinksToThePublicUrl() throws IOException {
        JobRequested request = job("bjb-9");
        request.setJobConfigJson(
                "{\"parameters\": {\"webhook_url\": \"" + HOOK + "\", \"custom_metadata\": {\"order\": 4711}}}");
        requests.pipeInput("bjb-9", request);
        event("bjb-9", "evt-1", "parse.pending");
        event("bjb-9", "evt-2", "parse.running");
        event("bjb-9", "evt-3", "parse.partial_success");

        assertThat(dispatcher.take()).containsExactly("bjb-9/0 evt-3 #1");
        JsonNode body = JSON.readTree(
                JSON.readTree(dispatcher.last.getBody().array()).asText()); // sent as a JSON string by default
        assertThat(body.path("links").path("job").asText())
                .isEqualTo("https://batch.example/api/v1/beta/batch-processing/bjb-9");
        assertThat(body.path("custom_metadata").path("order").asInt()).isEqualTo(4711);
    }

    @Test
    void skipsAJobWhoseConfigIsNotJsonAndGoesOnWithTheNext() {
        JobRequested broken = job("bjb-10");
        broken.setJobConfigJson("{not json");
        requests.pipeInput("bjb-10", broken);
        requests.pipeInput("bjb-11", job("bjb-11", "{\"webhook_url\": \"" + HOOK + "\"}"));
        event("bjb-10", "evt-1", "parse.pending");
        event("bjb-11", "evt-2", "parse.pending");
        assertThat(dispatcher.take()).containsExactly("bjb-11/0 evt-2 #1");
    }

    /** Stands in for the dispatcher as the topology sees it: records each attempt started, at most one in flight per queue. */
    private static final class StandInDispatcher implements AttemptStarter {
        private final List<String> started = new ArrayList<>();
        private final Map<String, String> inFlight = new HashMap<>();
        private int attemptIds;
        /** The id of the attempt started last. */
        String lastId;
        /** The queue and event of the attempt started last, as they were handed over. */
        WebhookQueue lastQueue;

        QueuedEvent last;

        @Override
        public void submit(String key, WebhookQueue queue, QueuedEvent head) {
            if (inFlight.containsKey(key)) return;
            lastId = "here-" + (++attemptIds);
            inFlight.put(key, lastId);
            lastQueue = WebhookQueue.newBuilder(queue).build();
            last = QueuedEvent.newBuilder(head).build();
            started.add(key + " " + head.getEventId() + " #" + (head.getAttempt() + 1));
        }

        @Override
        public void done(String key, String attemptId) {
            inFlight.remove(key, attemptId);
        }

        /** The attempts started since the last call, as {@code <job>/<receiver> <event id> #<attempt>}. */
        List<String> take() {
            List<String> out = List.copyOf(started);
            started.clear();
            return out;
        }
    }

    /** Reports the outcome of the attempt started last, made now, as the delivery threads do. */
    private void report(int statusCode) {
        report(attempt(statusCode), dispatcher.lastId);
    }

    /** Reports an attempt under the id the dispatcher gave it. */
    private void report(WebhookAttempt attempt, String attemptId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(AttemptStarter.ATTEMPT_ID, attemptId.getBytes(StandardCharsets.UTF_8));
        attempts.pipeInput(new TestRecord<>(attempt.getJobId(), attempt, headers, now));
    }

    private WebhookAttempt attempt(int statusCode) {
        QueuedEvent head = dispatcher.last;
        return WebhookAttempt.newBuilder()
                .setJobId(head.getJobId())
                .setReceiver(head.getReceiver())
                .setUrl(dispatcher.lastQueue.getUrl())
                .setEventId(head.getEventId())
                .setEventName(head.getEventName())
                .setAttempt(head.getAttempt() + 1)
                .setAttemptedAt(now)
                .setStatusCode(statusCode)
                .setError(statusCode / 100 == 2 ? null : "the receiver answered " + statusCode)
                .build();
    }

    private void advance(Duration d) {
        now = now.plus(d);
        driver.advanceWallClockTime(d);
    }

    private void event(String jobId, String eventId, String name) {
        events.pipeInput(jobId, jobEvent(jobId, eventId, name, now));
    }

    private static JobEvent jobEvent(String jobId, String eventId, String name, Instant at) {
        return JobEvent.newBuilder()
                .setEventId(eventId)
                .setEventName(name)
                .setJobId(jobId)
                .setProjectId("proj")
                .setJobType(JobType.parse)
                .setStatus(JobState.running)
                .setOccurredAt(at)
                .build();
    }

    /** A parse job whose config lists these webhook configurations. */
    private static JobRemoval removal(String jobId, int part, boolean last) {
        return JobRemoval.newBuilder()
                .setJobId(jobId)
                .setProjectId("prj-1")
                .setItemIds(List.of())
                .setPart(part)
                .setLast(last)
                .setRemovedAt(Instant.EPOCH)
                .build();
    }

    private static JobRequested job(String jobId, String... receivers) {
        return JobRequested.newBuilder()
                .setJobId(jobId)
                .setProjectId("proj")
                .setJobType(JobType.parse)
                .setItemIds(List.of("f1"))
                .setJobConfigJson(
                        "{\"parameters\": {\"webhook_configurations\": [" + String.join(", ", receivers) + "]}}")
                .setRequestedAt(T0)
                .build();
    }

    private static WebhookResend resend(String jobId, String eventId) {
        return WebhookResend.newBuilder()
                .setJobId(jobId)
                .setEventId(eventId)
                .setRequestedAt(T0)
                .build();
    }

    private WebhookQueue queue(String key) {
        KeyValueStore<String, WebhookQueue> store = driver.getKeyValueStore(StoreSpecs.WEBHOOK_QUEUES.name());
        return store.get(key);
    }

    private QueuedEvent event(String queueKey, long seq) {
        KeyValueStore<String, QueuedEvent> store = driver.getKeyValueStore(StoreSpecs.WEBHOOK_EVENTS.name());
        return store.get(queueKey + "/" + String.format("%012d", seq));
    }

    /** The ids of every event the queue ever held, in queue order. */
    private List<String> queued(String queueKey) {
        List<String> ids = new ArrayList<>();
        KeyValueStore<String, QueuedEvent> store = driver.getKeyValueStore(StoreSpecs.WEBHOOK_EVENTS.name());
        try (KeyValueIterator<String, QueuedEvent> it = store.prefixScan(queueKey + "/", new StringSerializer())) {
            it.forEachRemaining(kv -> ids.add(kv.value.getEventId()));
        }
        return ids;
    }

    /** The job's delivery log, oldest first, as {@code <event id> #<attempt> <outcome>}. */
    private List<String> log(String jobId) {
        List<String> out = new ArrayList<>();
        KeyValueStore<String, WebhookAttempt> store = driver.getKeyValueStore(StoreSpecs.WEBHOOK_LOG.name());
        try (KeyValueIterator<String, WebhookAttempt> it = store.prefixScan(jobId + "/", new StringSerializer())) {
            it.forEachRemaining(
                    kv -> out.add(kv.value.getEventId() + " #" + kv.value.getAttempt() + " " + kv.value.getOutcome()));
        }
        return out;
    }
}
