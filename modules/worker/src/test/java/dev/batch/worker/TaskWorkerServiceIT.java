package dev.batch.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.FileStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.config.Config;
import dev.batch.common.kafka.DeadLetters;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.events.ErrorCode;
import dev.batch.events.FileRecord;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.JobConfig;
import dev.batch.events.JobType;
import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import dev.batch.worker.parse.ErrorText;
import dev.batch.worker.parse.ParserPool;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The parse worker loop against a real broker: results, failed items, dead letters. */
@WithKafka
class TaskWorkerServiceIT {
    @TempDir
    Path blobs;

    @Test
    void writesACompletedResultForEachTaskAndAFailedOneForAMissingFile(TestKafka kafka, TestInfo test)
            throws Exception {
        KafkaSettings settings = kafka.newSettings(test.getDisplayName());
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        String pdf = store(files, Corpus.file("parse/pdf/arxiv-2201.00200.pdf"), "proj");
        String foreign = store(files, Corpus.file("parse/html/tika__testHTML.html"), "other-project");

        TaskWorkerService worker = new TaskWorkerService(
                "parse-worker-test",
                settings,
                settings.topics().tasksParse,
                settings.topics().tasksParseUrgent,
                new ItemPipeline(files, new ParseProcessor(files), Long.MAX_VALUE),
                new TaskWorkerService.Tuning(Duration.ofMillis(250), Duration.ZERO));
        worker.start();
        try {
            produce(settings, List.of(task(pdf), task("missing-file"), task(foreign)));
            List<ItemResult> results = readResults(settings, 3);
            assertThat(results)
                    .extracting(ItemResult::getItemId)
                    .containsExactlyInAnyOrder(pdf, "missing-file", foreign);
            ItemResult ok = results.stream()
                    .filter(r -> r.getItemId().equals(pdf))
                    .findFirst()
                    .orElseThrow();
            assertThat(ok.getStatus()).isEqualTo(ItemState.completed);
            assertThat(ok.getItemName()).isEqualTo("arxiv-2201.00200.pdf");
            String text =
                    new String(files.blobs().getObject(ok.getOutputLocation()).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(text).contains("Local heating due to convective overshooting");
            assertThat(results.stream().filter(r -> !r.getItemId().equals(pdf))).allSatisfy(r -> {
                assertThat(r.getStatus()).isEqualTo(ItemState.failed);
                assertThat(r.getErrorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
                assertThat(r.getErrorMessage()).contains("not found");
            });
            assertThat(worker.ready()).isTrue();
            String topic = settings.topics().itemResults.name();
            assertThat(read(settings, topic, 6))
                    .as("a processing notice before each outcome")
                    .filteredOn(r -> settings.topics()
                                    .itemResults
                                    .valueSerde()
                                    .deserializer()
                                    .deserialize(topic, r.value())
                                    .getStatus()
                            == ItemState.processing)
                    .hasSize(3);
        } finally {
            worker.stop();
        }
        assertThat(worker.ready()).isFalse();
    }

    @Test
    void sendsAnUndecodableTaskToTheDeadLettersAndGoesOn(TestKafka kafka, TestInfo test) throws Exception {
        KafkaSettings settings = kafka.newSettings(test.getDisplayName(), 1);
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        String txt = store(files, "hello worker".getBytes(StandardCharsets.UTF_8), "note.txt", "proj");
        TaskWorkerService worker = new TaskWorkerService(
                "parse-worker-test",
                settings,
                settings.topics().tasksParse,
                settings.topics().tasksParseUrgent,
                new ItemPipeline(files, new ParseProcessor(files), Long.MAX_VALUE));
        worker.start();
        try (KafkaProducer<byte[], byte[]> p = producer(settings)) {
            p.send(new ProducerRecord<>(
                            settings.topics().tasksParse.name(),
                            "bad".getBytes(StandardCharsets.UTF_8),
                            "not an event".getBytes(StandardCharsets.UTF_8)))
                    .get();
            produce(settings, List.of(task(txt)));
            assertThat(readResults(settings, 1))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ItemState.completed));
            List<ConsumerRecord<byte[], byte[]>> dead =
                    read(settings, settings.topics().deadLetters.name(), 1);
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not an event");
            assertThat(new String(
                            dead.get(0)
                                    .headers()
                                    .lastHeader(DeadLetters.MESSAGE)
                                    .value(),
                            StandardCharsets.UTF_8))
                    .contains("cannot decode ItemTask");
        } finally {
            worker.stop();
        }
    }

    @Test
    void commitsFinishedResultsWhileALongItemIsStillRunning(TestKafka kafka, TestInfo test) throws Exception {
        KafkaSettings settings = kafka.newSettings(test.getDisplayName(), 1);
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        String quick = store(files, "a short note".getBytes(StandardCharsets.UTF_8), "quick.txt", "proj");
        String slow = store(files, "a note that takes its time".getBytes(StandardCharsets.UTF_8), "slow.txt", "proj");
        ItemPipeline real = new ItemPipeline(files, new ParseProcessor(files), Long.MAX_VALUE);
        CountDownLatch release = new CountDownLatch(1);
        // The real pipeline, except that one item stands for a document that parses for a long time.
        TaskProcessor holdingOne = task -> {
            if (task.getItemId().equals(slow) && !release.await(2, TimeUnit.MINUTES))
                throw new IllegalStateException("never released");
            return real.process(task);
        };
        TaskWorkerService worker = new TaskWorkerService(
                "parse-worker-test",
                settings,
                settings.topics().tasksParse,
                settings.topics().tasksParseUrgent,
                holdingOne,
                new TaskWorkerService.Tuning(Duration.ofMillis(100), Duration.ofMillis(100)));
        worker.start();
        try {
            produce(settings, List.of(task(quick), task(slow)));
            // Same partition, one poll: the quick result is committed while the slow one still runs.
            List<ItemResult> first = readResults(settings, 1);
            assertThat(first)
                    .singleElement()
                    .satisfies(r -> assertThat(r.getItemId()).isEqualTo(quick));
            String topic = settings.topics().itemResults.name();
            assertThat(read(settings, topic, 2))
                    .as("the slow item is announced as processing")
                    .anySatisfy(r -> {
                        ItemResult notice = settings.topics()
                                .itemResults
                                .valueSerde()
                                .deserializer()
                                .deserialize(topic, r.value());
                        assertThat(notice.getItemId()).isEqualTo(slow);
                        assertThat(notice.getProjectId()).isEqualTo("proj");
                        assertThat(notice.getStatus()).isEqualTo(ItemState.processing);
                    });
            release.countDown();
            assertThat(readResults(settings, 2))
                    .extracting(ItemResult::getItemId)
                    .containsExactly(quick, slow);
            assertThat(worker.ready()).isTrue();
        } finally {
            release.countDown();
            worker.stop();
        }
    }

    @Test
    void nextItemGetsItsOwnAnswerAfterAnAbsurdTimeout(TestKafka kafka, TestInfo test) throws Exception {
        KafkaSettings settings = kafka.newSettings(test.getDisplayName(), 1);
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        String absurd = store(files, Corpus.file("parse/pdf/arxiv-2201.00200.pdf"), "proj");
        String next = store(files, Corpus.file("parse/pptx/tika__testPPT.pptx"), "another-project");
        try (ParserPool pool = new ParserPool(1, "512m")) {
            TaskWorkerService worker = new TaskWorkerService(
                    "parse-worker-test",
                    settings,
                    settings.topics().tasksParse,
                    settings.topics().tasksParseUrgent,
                    new ItemPipeline(
                            files,
                            new ParseProcessor(files, pool, WorkerSettings.timeLimits(Config.of(Map.of()))),
                            Long.MAX_VALUE));
            worker.start();
            try {
                // Produced straight to Kafka, past the API's bounds; then another project's item, on the same parser
                // process.
                ItemTask absurdTask = task(absurd, "proj", "{}");
                absurdTask.setConfig(JobConfig.newBuilder()
                        .setJobTimeoutInSeconds(1e300)
                        .setParametersHash("h")
                        .build());
                produce(settings, List.of(absurdTask, task(next, "another-project", "{}")));
                List<ItemResult> results = readResults(settings, 2);
                ItemResult own = results.stream()
                        .filter(r -> r.getItemId().equals(next))
                        .findFirst()
                        .orElseThrow();
                assertThat(own.getStatus()).isEqualTo(ItemState.completed);
                assertThat(new String(
                                files.blobs().getObject(own.getOutputLocation()).orElseThrow(), StandardCharsets.UTF_8))
                        .contains("Attachment Test")
                        .doesNotContain("convective overshooting");
                ItemResult first = results.stream()
                        .filter(r -> r.getItemId().equals(absurd))
                        .findFirst()
                        .orElseThrow();
                assertThat(first.getStatus())
                        .as(String.valueOf(first.getErrorMessage()))
                        .isEqualTo(ItemState.completed);
                assertThat(worker.ready()).isTrue();
            } finally {
                worker.stop();
            }
        }
    }

    @Test
    void anItemTheStoreCannotTakeFailsWithoutTheStoresPaths(TestKafka kafka, TestInfo test) throws Exception {
        KafkaSettings settings = kafka.newSettings(test.getDisplayName(), 1);
        FileStore files = new FileStore(new LocalBlobStore(blobs));
        String txt = store(files, "a note".getBytes(StandardCharsets.UTF_8), "note.txt", "proj");
        // Stands for a store that cannot be written (a full disk, a lost mount): the results folder is a file.
        Files.writeString(blobs.resolve("objects").resolve("results"), "in the way");
        TaskWorkerService worker = new TaskWorkerService(
                "parse-worker-test",
                settings,
                settings.topics().tasksParse,
                settings.topics().tasksParseUrgent,
                new ItemPipeline(files, new ParseProcessor(files), Long.MAX_VALUE));
        worker.start();
        try {
            produce(settings, List.of(task(txt)));
            ItemResult r = readResults(settings, 1).get(0);
            assertThat(r.getStatus()).isEqualTo(ItemState.failed);
            assertThat(r.getErrorCode()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(r.getErrorMessage())
                    .isEqualTo("processing failed after 3 attempts; " + ErrorText.RETRY)
                    .doesNotContain(blobs.toString());
        } finally {
            worker.stop();
        }
    }

    private static ItemTask task(String fileId) {
        return task(fileId, "proj", "{}");
    }

    private static ItemTask task(String fileId, String project, String config) {
        return ItemTask.newBuilder()
                .setJobId("bjb-w")
                .setProjectId(project)
                .setItemId(fileId)
                .setFileId(fileId)
                .setJobType(JobType.parse)
                .setJobConfigJson(config)
                .setConfigHash("h")
                .setDispatchedAt(Instant.now())
                .build();
    }

    private static String store(FileStore files, Path path, String project) throws Exception {
        return store(files, Files.readAllBytes(path), path.getFileName().toString(), project);
    }

    private static String store(FileStore files, byte[] bytes, String name, String project) throws Exception {
        BlobStore.StoredContent c;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            c = files.blobs().putContent(in, Long.MAX_VALUE);
        }
        String id = UUID.randomUUID().toString();
        files.put(FileRecord.newBuilder()
                .setFileId(id)
                .setProjectId(project)
                .setName(name)
                .setContentHash(c.sha256())
                .setSize(c.size())
                .setCreatedAt(Instant.now())
                .build());
        return id;
    }

    private static void produce(KafkaSettings s, List<ItemTask> tasks) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer(s)) {
            for (ItemTask t : tasks) {
                p.send(s.topics().tasksParse.record(t.getItemId(), t)).get();
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaSettings s) {
        return new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** The first {@code n} outcomes on the results topic, leaving out the "processing" notices. */
    private static List<ItemResult> readResults(KafkaSettings s, int n) {
        String topic = s.topics().itemResults.name();
        Function<ConsumerRecord<byte[], byte[]>, ItemResult> decode =
                r -> s.topics().itemResults.valueSerde().deserializer().deserialize(topic, r.value());
        return read(s, topic, n, r -> decode.apply(r).getStatus() != ItemState.processing).stream()
                .map(decode)
                .toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(KafkaSettings s, String topic, int n) {
        return read(s, topic, n, r -> true);
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(
            KafkaSettings s, String topic, int n, Predicate<ConsumerRecord<byte[], byte[]>> keep) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // only what a committed transaction wrote
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await("records on " + topic).atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (keep.test(r)) out.add(r);
                });
                return out.size() >= n;
            });
        }
        return out;
    }
}
