package dev.batch.worker;

import dev.batch.common.kafka.DeadLetters;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ItemResult;
import dev.batch.events.ItemState;
import dev.batch.events.ItemTask;
import dev.batch.events.ProcessingResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The records a worker reads and writes, in bytes: a task in; its result (and the lineage of a
 * completed item), a {@code processing} notice, or a dead letter for a task it cannot decode, out.
 */
final class WorkerRecords {
    private final Topics topics;
    private final TopicSpec<String, ItemTask> tasks;
    private final String service;

    WorkerRecords(Topics topics, TopicSpec<String, ItemTask> tasks, String service) {
        this.topics = topics;
        this.tasks = tasks;
        this.service = service;
    }

    /** The task a record holds; throws for bytes that are not one. */
    ItemTask task(ConsumerRecord<String, byte[]> r) {
        ItemTask task = tasks.valueSerde().deserializer().deserialize(r.topic(), r.value());
        if (task == null) throw new IllegalArgumentException("task record has no value");
        return task;
    }

    /** The record as it came, for {@code batch.dead-letters}, with why it could not be read. */
    ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<String, byte[]> r, Exception error) {
        byte[] key = r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8);
        return DeadLetters.of(topics, service, r.topic(), r.partition(), r.offset(), key, r.value(), error);
    }

    /** The item's result (and its lineage when it completed), with the task's trace headers for the next hop. */
    List<ProducerRecord<byte[], byte[]>> outputs(ItemTask task, ItemResult result, Headers headers) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(2);
        out.add(result(task.getJobId(), result, headers));
        if (result.getStatus() == ItemState.completed
                && result.getContentHash() != null
                && result.getOutputLocation() != null) {
            ProcessingResult lineage = ItemPipeline.lineage(task, result);
            out.add(topics.processingResults.record(ItemPipeline.lineageKey(lineage), lineage, headers));
        }
        return out;
    }

    /** A {@code processing} notice: no trace headers, it is advisory. */
    ProducerRecord<byte[], byte[]> notice(ItemResult notice) {
        return result(notice.getJobId(), notice, null);
    }

    private ProducerRecord<byte[], byte[]> result(String jobId, ItemResult result, Headers headers) {
        return topics.itemResults.record(jobId, result, headers);
    }
}
