package dev.batch.testkit;

import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.Topics;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a directory with {@code n} entries straight to the catalog topics, as a bulk import would:
 * for tests and benchmarks of directory mode at scale. The entries point at {@code fileId}.
 */
public final class DirectoryFiller {
    private DirectoryFiller() {}

    public static void fill(KafkaSettings kafka, String projectId, String directoryId, String fileId, int n)
            throws Exception {
        Topics t = kafka.topics();
        var props = kafka.producer("directory-filler");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> p =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            DirectoryRecord dir = DirectoryRecord.newBuilder()
                    .setDirectoryId(directoryId)
                    .setProjectId(projectId)
                    .setName("bulk-" + n)
                    .setCreatedAt(now)
                    .setUpdatedAt(now)
                    .build();
            p.send(t.directories.record(directoryId, dir));
            Future<RecordMetadata> last = null;
            for (int i = 0; i < n; i++) {
                String id = String.format("dfl-%08d", i);
                DirectoryFileRecord f = DirectoryFileRecord.newBuilder()
                        .setId(id)
                        .setDirectoryId(directoryId)
                        .setProjectId(projectId)
                        .setFileId(fileId)
                        .setDisplayName("doc-" + i + ".txt")
                        .setUniqueId(id)
                        .setCreatedAt(now)
                        .setUpdatedAt(now)
                        .build();
                last = p.send(t.directoryFiles.record(Topics.directoryFileKey(directoryId, id), f));
            }
            p.flush();
            if (last != null) last.get();
            p.close(Duration.ofSeconds(30));
        }
    }
}
