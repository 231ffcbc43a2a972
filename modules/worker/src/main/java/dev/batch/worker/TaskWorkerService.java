package dev.batch.worker;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.common.lifecycle.Service;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemTask;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker over a task topic and its urgent lane, which it drains first: each task's
 * {@link ItemResult} is written in a Kafka transaction together with the consumed offsets
 * (read-process-write, exactly once), so a worker killed mid-way leaves no result behind and its
 * tasks are processed again by whoever takes the partition. An undecodable task goes to the
 * dead-letter topic the same way.
 *
 * <p>This class wires the parts and runs {@link TaskLoop} on a thread of its own: one
 * {@link TaskLane} per topic, a {@link TransactionBatcher} over the transactional producer, an
 * {@link ItemRunner} that runs each task, and {@link ProgressNotices} on a second, plain producer.
 */
public final class TaskWorkerService implements Service {
    private static final Logger log = LoggerFactory.getLogger(TaskWorkerService.class);

    /**
     * How the loop batches: finished results wait at most {@code transactionSpan} for company
     * before they are committed; an item still running after {@code noticeAfter} is announced as
     * {@code processing} (shorter items go straight to their result).
     */
    public record Tuning(Duration transactionSpan, Duration noticeAfter) {
        public static final Tuning DEFAULT = new Tuning(Duration.ofMillis(250), Duration.ofMillis(200));
    }

    private final String name;
    private final Topics topics;
    private final TopicSpec<String, ItemTask> tasks;
    private final TopicSpec<String, ItemTask> urgent;
    private final TaskProcessor processor;
    private final Tuning tuning;
    private final WorkerClients clients;
    private final String workerId;
    private volatile TaskLoop loop;
    private Thread thread;

    public TaskWorkerService(
            String name,
            KafkaSettings kafka,
            TopicSpec<String, ItemTask> tasks,
            TopicSpec<String, ItemTask> urgent,
            TaskProcessor processor) {
        this(name, kafka, tasks, urgent, processor, Tuning.DEFAULT);
    }

    public TaskWorkerService(
            String name,
            KafkaSettings kafka,
            TopicSpec<String, ItemTask> tasks,
            TopicSpec<String, ItemTask> urgent,
            TaskProcessor processor,
            Tuning tuning) {
        this(name, kafka.topics(), tasks, urgent, processor, tuning, WorkerClients.of(kafka));
    }

    /** Tests: clients from {@code clients} (mocks) instead of a cluster. */
    TaskWorkerService(
            String name,
            Topics topics,
            TopicSpec<String, ItemTask> tasks,
            TopicSpec<String, ItemTask> urgent,
            TaskProcessor processor,
            Tuning tuning,
            WorkerClients clients) {
        this.name = name;
        this.topics = topics;
        this.tasks = tasks;
        this.urgent = urgent;
        this.processor = processor;
        this.tuning = tuning;
        this.clients = clients;
        this.workerId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        String group = topics.applicationId(
                "worker-" + tasks.name().substring(tasks.name().lastIndexOf('.') + 1));
        Producer<byte[], byte[]> producer = clients.transactionalProducer(workerId, group + "-" + workerId);
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        TransactionBatcher batch = new TransactionBatcher(name, producer, tuning.transactionSpan());
        TaskLane normal = new TaskLane(name, clients.consumer(group, workerId), batch);
        // The urgent lane has its own consumer (and group), so tasks already fetched from the normal
        // lane never queue in front of urgent ones.
        TaskLane urgentLane = new TaskLane(name, clients.consumer(group + "-urgent", workerId + "-urgent"), batch);
        WorkerRecords records = new WorkerRecords(topics, tasks, name);
        ProgressNotices notices =
                new ProgressNotices(workerId, clients.producer(workerId + "-progress"), records, tuning.noticeAfter());
        CountDownLatch stopped = new CountDownLatch(1);
        ItemRunner runner = new ItemRunner(workerId, processor, notices, stopped);
        normal.subscribe(tasks.name());
        urgentLane.subscribe(urgent.name());
        loop = new TaskLoop(name, normal, urgentLane, batch, runner, notices, records, stopped);
        thread = new Thread(loop, name);
        thread.start();
    }

    @Override
    public boolean ready() {
        TaskLoop l = loop;
        return l != null && l.healthy();
    }

    @Override
    public void stop() {
        TaskLoop l = loop;
        if (l == null || !l.stop()) return;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
            if (thread.isAlive()) {
                log.warn("{}: loop did not exit within 30 s; interrupting", name);
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
