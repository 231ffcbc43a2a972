package dev.batch.testkit;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.Topics;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a directory with {@code n} entries straight to the catalog topics, as a bulk import would:
 * for tests and benchmarks of directory mode at scale. The entries point at {@code fileId}.
 */
public final class DirectoryFiller {
    private DirectoryFiller() {}

    public static void fill(KafkaSettings kafka, String projectId, String directoryId, String fileId, int n) throws Exception {
        Topics t = kafka.topics();
        var props = kafka.producer("directory-filler");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            DirectoryRecord dir = DirectoryRecord.newBuilder().setDirectoryId(directoryId).setProjectId(projectId)
                    .setName("bulk-" + n).setCreatedAt(now).setUpdatedAt(now).build();
            p.send(new ProducerRecord<>(t.directories.name(), bytes(t.directories.name(), directoryId),
                    t.directories.valueSerde().serializer().serialize(t.directories.name(), dir)));
            Future<RecordMetadata> last = null;
            for (int i = 0; i < n; i++) {
                String id = String.format("dfl-%08d", i);
                DirectoryFileRecord f = DirectoryFileRecord.newBuilder().setId(id).setDirectoryId(directoryId).setProjectId(projectId)
                        .setFileId(fileId).setDisplayName("doc-" + i + ".txt").setUniqueId(id).setCreatedAt(now).setUpdatedAt(now).build();
                String topic = t.directoryFiles.name();
                last = p.send(new ProducerRecord<>(topic, bytes(topic, Topics.directoryFileKey(directoryId, id)),
                        t.directoryFiles.valueSerde().serializer().serialize(topic, f)));
            }
            p.flush();
            if (last != null) last.get();
            p.close(Duration.ofSeconds(30));
        }
    }

    private static byte[] bytes(String topic, String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
