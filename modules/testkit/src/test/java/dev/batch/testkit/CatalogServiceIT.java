package dev.batch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.catalog.CatalogService;
import dev.batch.common.kafka.KafkaSettings;
import dev.batch.common.kafka.TopicSpec;
import dev.batch.common.kafka.Topics;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog view against a real broker: each project's listing, before and after a restore of its stores. */
@WithKafka
class CatalogServiceIT {
    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    private static final String ROLE = "test";

    @TempDir
    Path state;

    @Test
    void listsOnlyTheCallersProjectsFilesAfterARestoreIntoAWipedStateDirectory(TestKafka kafka) throws Exception {
        KafkaSettings settings = kafka.newSettings("catalog-project-index", 3);
        Topics topics = settings.topics();
        List<String> acme = new ArrayList<>();
        List<String> others = new ArrayList<>();
        List<String> acmeDirectories = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(settings.producer("test"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 300; i++) {
                String id = UUID.randomUUID().toString();
                boolean ours = i % 50 == 7;
                (ours ? acme : others).add(id);
                send(producer, topics.files, id, file(id, ours ? "acme" : "other-" + i % 12));
            }
            send(producer, topics.files, acme.get(0), file(acme.get(0), "other-1")); // moved out
            send(producer, topics.files, acme.get(1), null); // deleted
            send(producer, topics.files, others.get(0), file(others.get(0), "acme")); // moved in
            for (int i = 0; i < 40; i++) {
                String id = "dir-" + UUID.randomUUID();
                if (i % 20 == 3) acmeDirectories.add(id);
                send(producer, topics.directories, id, directory(id, i % 20 == 3 ? "acme" : "other-" + i % 7));
            }
        }
        List<String> expected = new ArrayList<>(acme.subList(2, acme.size()));
        expected.add(others.get(0));
        expected.sort(Comparator.naturalOrder());
        acmeDirectories.sort(Comparator.naturalOrder());

        CatalogService catalog = new CatalogService(settings, state, ROLE);
        catalog.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> fileIds(catalog, "acme"), expected::equals);
            assertThat(directoryIds(catalog, "acme")).isEqualTo(acmeDirectories);
        } finally {
            catalog.stop();
        }

        wipe(state);
        CatalogService restored = new CatalogService(settings, state, ROLE);
        restored.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> fileIds(restored, "acme"), expected::equals);
            assertThat(directoryIds(restored, "acme")).isEqualTo(acmeDirectories);
            assertThat(fileIds(restored, "acm")).isEmpty();
            assertThat(restored.file(acme.get(0)))
                    .get()
                    .extracting(FileRecord::getProjectId)
                    .isEqualTo("other-1");
            assertThat(restored.file(acme.get(1))).isEmpty();
        } finally {
            restored.stop();
        }
    }

    @Test
    void findsMovedDirectoryFilesByTheirIdsAloneBeforeAndAfterARestore(TestKafka kafka) throws Exception {
        KafkaSettings settings = kafka.newSettings("catalog-directory-file-ids", 3);
        Topics topics = settings.topics();
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(settings.producer("test"), new ByteArraySerializer(), new ByteArraySerializer())) {
            // Moved as the API moves a file: the new key first, then the old key's tombstone; the keys
            // land on different partitions for some of them, so a restore reads them out of order.
            for (int i = 0; i < 30; i++) {
                String id = "dfl-" + UUID.randomUUID();
                ids.add(id);
                send(producer, topics.directoryFiles, "dir-a/" + id, entry("dir-a", id, 1));
                send(producer, topics.directoryFiles, "dir-b/" + id, entry("dir-b", id, 2));
                send(producer, topics.directoryFiles, "dir-a/" + id, null);
            }
        }

        CatalogService catalog = new CatalogService(settings, state, ROLE);
        catalog.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> directoriesOf(catalog, ids), List.of("dir-b")::equals);
            assertThat(catalog.directoryFiles("dir-a", null, 100, f -> true).items())
                    .isEmpty();
        } finally {
            catalog.stop();
        }

        wipe(state);
        CatalogService restored = new CatalogService(settings, state, ROLE);
        restored.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> directoriesOf(restored, ids), List.of("dir-b")::equals);
            assertThat(restored.directoryFiles("dir-b", null, 100, f -> true).items())
                    .hasSize(ids.size());
        } finally {
            restored.stop();
        }
    }

    /** The directories the files of {@code ids} are found in by id alone ("none" for one not found). */
    private static List<String> directoriesOf(Catalog catalog, List<String> ids) {
        return ids.stream()
                .map(id -> catalog.directoryFile(id)
                        .map(DirectoryFileRecord::getDirectoryId)
                        .orElse("none"))
                .distinct()
                .toList();
    }

    private static DirectoryFileRecord entry(String directory, String id, int second) {
        return DirectoryFileRecord.newBuilder()
                .setId(id)
                .setDirectoryId(directory)
                .setProjectId("acme")
                .setFileId("f-" + id)
                .setDisplayName(id + ".pdf")
                .setUniqueId(id)
                .setCreatedAt(AT)
                .setUpdatedAt(AT.plusSeconds(second))
                .build();
    }

    /** Every file id of a project, read page by page (two a page) through the cursor. */
    private static List<String> fileIds(Catalog catalog, String project) {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            Catalog.Page<FileRecord> page = catalog.files(project, after, 2, f -> true);
            page.items().forEach(f -> ids.add(f.getFileId()));
            after = page.next();
        } while (after != null);
        return ids;
    }

    private static List<String> directoryIds(Catalog catalog, String project) {
        return catalog.directories(project, null, 1000, d -> true).items().stream()
                .map(DirectoryRecord::getDirectoryId)
                .toList();
    }

    private static <V> void send(
            KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value) throws Exception {
        producer.send(topic.record(key, value)).get();
    }

    private static FileRecord file(String id, String project) {
        return FileRecord.newBuilder()
                .setFileId(id)
                .setProjectId(project)
                .setName(id + ".pdf")
                .setContentHash("ab")
                .setSize(2)
                .setCreatedAt(AT)
                .build();
    }

    private static DirectoryRecord directory(String id, String project) {
        return DirectoryRecord.newBuilder()
                .setDirectoryId(id)
                .setProjectId(project)
                .setName(id)
                .setCreatedAt(AT)
                .setUpdatedAt(AT)
                .build();
    }

    private static void wipe(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder())
                    .filter(p -> !p.equals(dir))
                    .forEach(p -> p.toFile().delete());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
