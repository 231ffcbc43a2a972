package dev.batch.common.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.kafka.StoreSpecs;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ConfigurationRecord;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's global stores as its processors write them, and the listings that read them. */
class CatalogTopologyTest {
    private static final Topics TOPICS = Topics.create(3);
    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path state;

    private TopologyTestDriver driver;
    private TestInputTopic<String, FileRecord> files;
    private TestInputTopic<String, DirectoryRecord> directories;
    private TestInputTopic<String, DirectoryFileRecord> directoryFiles;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "catalog-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(CatalogService.topology(TOPICS, new Positions()), p);
        files = driver.createInputTopic(
                TOPICS.files.name(),
                TOPICS.files.keySerde().serializer(),
                TOPICS.files.valueSerde().serializer());
        directories = driver.createInputTopic(
                TOPICS.directories.name(),
                TOPICS.directories.keySerde().serializer(),
                TOPICS.directories.valueSerde().serializer());
        directoryFiles = driver.createInputTopic(
                TOPICS.directoryFiles.name(),
                TOPICS.directoryFiles.keySerde().serializer(),
                TOPICS.directoryFiles.valueSerde().serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void keepsEachRecordUnderItsIdAndAnIndexKeyUnderItsProjectThatMovesAndGoesWithIt() {
        file("f-1", "acme");
        file("f-2", "beta");
        file("f-3", "acme");
        file("f-2", "acme"); // moved to another project
        files.pipeInput("f-3", null); // deleted
        file("f-1", "acme"); // written again
        directory("dir-1", "beta");
        directory("dir-2", "acme");
        directories.pipeInput("dir-1", null);

        assertThat(keys(StoreSpecs.FILES.name()))
                .containsExactly("\u0001acme\u0000f-1", "\u0001acme\u0000f-2", "f-1", "f-2");
        assertThat(keys(StoreSpecs.DIRECTORIES.name())).containsExactly("\u0001acme\u0000dir-2", "dir-2");
        assertThat(CatalogService.record(store(StoreSpecs.FILES.name()), TOPICS.files, "f-2"))
                .get()
                .extracting(FileRecord::getProjectId)
                .isEqualTo("acme");
    }

    @Test
    void dropsARecordWhoseKeyCouldBeAnIndexKeyAndNeverAnswersOneForAnId() {
        files.pipeInput("\u0001acme\u0000f-9", fileRecord("f-9", "acme"));
        file("f-1", "acme");

        assertThat(keys(StoreSpecs.FILES.name())).containsExactly("\u0001acme\u0000f-1", "f-1");
        assertThat(CatalogService.record(store(StoreSpecs.FILES.name()), TOPICS.files, "\u0001acme\u0000f-1"))
                .isEmpty();
    }

    @Test
    void findsADirectoryFileByItsIdAloneInWhicheverDirectoryItWasMovedToLast() {
        entry("dir-a", "dfl-1", 1);
        entry("dir-a", "dfl-2", 1);
        assertThat(byId("dfl-1"))
                .get()
                .extracting(DirectoryFileRecord::getDirectoryId)
                .isEqualTo("dir-a");

        // Moved as the API moves it: the new key first, then the old key's tombstone.
        entry("dir-b", "dfl-1", 2);
        directoryFiles.pipeInput("dir-a/dfl-1", null);
        assertThat(byId("dfl-1"))
                .get()
                .extracting(DirectoryFileRecord::getDirectoryId)
                .isEqualTo("dir-b");

        // The old key's tombstone read before the new record (another partition).
        directoryFiles.pipeInput("dir-a/dfl-2", null);
        entry("dir-c", "dfl-2", 2);
        assertThat(byId("dfl-2"))
                .get()
                .extracting(DirectoryFileRecord::getDirectoryId)
                .isEqualTo("dir-c");

        // A restore that reads the new record's partition before the old record and its tombstone.
        entry("dir-b", "dfl-3", 5);
        entry("dir-a", "dfl-3", 4);
        assertThat(byId("dfl-3"))
                .get()
                .extracting(DirectoryFileRecord::getDirectoryId)
                .isEqualTo("dir-b");
        directoryFiles.pipeInput("dir-a/dfl-3", null);
        assertThat(byId("dfl-3"))
                .get()
                .extracting(DirectoryFileRecord::getDirectoryId)
                .isEqualTo("dir-b");

        assertThat(byId("dfl-9")).isEmpty();
        assertThat(byId("\u0002dfl-1")).isEmpty();
        assertThat(keys(StoreSpecs.DIRECTORY_FILES.name()))
                .containsExactly(
                        "\u0002dfl-1", "\u0002dfl-2", "\u0002dfl-3", "dir-b/dfl-1", "dir-b/dfl-3", "dir-c/dfl-2");
    }

    @Test
    void keepsFindingASoftDeletedDirectoryFileAndForgetsOneWhoseOnlyKeyIsDeleted() {
        entry("dir-a", "dfl-1", 1);
        DirectoryFileRecord deleted = directoryFile("dir-a", "dfl-1", 2);
        deleted.setDeletedAt(AT.plusSeconds(2));
        directoryFiles.pipeInput("dir-a/dfl-1", deleted);
        assertThat(byId("dfl-1"))
                .get()
                .extracting(DirectoryFileRecord::getDeletedAt)
                .isNotNull();

        directoryFiles.pipeInput("dir-a/dfl-1", null);
        assertThat(byId("dfl-1")).isEmpty();
        assertThat(keys(StoreSpecs.DIRECTORY_FILES.name())).isEmpty();
    }

    @Test
    void listsOneProjectsFilesInIdOrderWithoutReadingAnotherProjects() {
        for (int i = 0; i < 60; i++) {
            String id = String.format("f-%02d", i);
            file(id, i % 20 == 5 ? "acme" : "beta");
        }
        file("f-60", "acme/sub"); // a project whose id starts with the other's
        file("f-61", "acm");
        Set<String> read = new HashSet<>();
        ReadOnlyKeyValueStore<String, byte[]> s = readsOnly("acme", store(StoreSpecs.FILES.name()), read);

        Catalog.Page<FileRecord> first = files(s, "acme", null, 2, f -> true);
        assertThat(first.items()).extracting(FileRecord::getFileId).containsExactly("f-05", "f-25");
        assertThat(first.next()).isEqualTo("f-25");
        Catalog.Page<FileRecord> second = files(s, "acme", first.next(), 2, f -> true);
        assertThat(second.items()).extracting(FileRecord::getFileId).containsExactly("f-45");
        assertThat(second.next()).isNull();
        assertThat(files(s, "acme", null, 3, f -> true).next())
                .as("no next page when nothing follows")
                .isNull();
        assertThat(files(s, "acme", "f-30", 10, f -> true).items())
                .extracting(FileRecord::getFileId)
                .containsExactly("f-45");
        assertThat(files(s, "acme", null, 1, f -> f.getName().equals("f-45.pdf"))
                        .items())
                .extracting(FileRecord::getFileId)
                .containsExactly("f-45");
        assertThat(read).containsExactlyInAnyOrder("f-05", "f-25", "f-45");
    }

    @Test
    void listsOneProjectsDirectoriesWithoutReadingAnotherProjects() {
        for (int i = 0; i < 30; i++) directory(String.format("dir-%02d", i), i % 10 == 3 ? "acme" : "beta");
        Set<String> read = new HashSet<>();
        ReadOnlyKeyValueStore<String, byte[]> s = readsOnly("acme", store(StoreSpecs.DIRECTORIES.name()), read);

        Catalog.Page<DirectoryRecord> page = StorePages.projectPage(
                s,
                TOPICS.directories,
                DirectoryRecord::getProjectId,
                DirectoryRecord::getDirectoryId,
                "acme",
                "dir-03",
                10,
                d -> true);
        assertThat(page.items()).extracting(DirectoryRecord::getDirectoryId).containsExactly("dir-13", "dir-23");
        assertThat(read).containsExactlyInAnyOrder("dir-13", "dir-23");
    }

    @Test
    void keepsSavedConfigurationsUnderTheirProjectAndForgetsADeletedOne() {
        TestInputTopic<String, ConfigurationRecord> configurations = driver.createInputTopic(
                TOPICS.configurations.name(),
                TOPICS.configurations.keySerde().serializer(),
                TOPICS.configurations.valueSerde().serializer());
        for (int i = 0; i < 6; i++) {
            String id = "cfg-" + i;
            configurations.pipeInput(id, configuration(id, i % 2 == 0 ? "acme" : "beta"));
        }
        configurations.pipeInput("cfg-2", null);
        Set<String> read = new HashSet<>();
        ReadOnlyKeyValueStore<String, byte[]> s = readsOnly("acme", store(StoreSpecs.CONFIGURATIONS.name()), read);

        Catalog.Page<ConfigurationRecord> page = StorePages.projectPage(
                s,
                TOPICS.configurations,
                ConfigurationRecord::getProjectId,
                ConfigurationRecord::getConfigurationId,
                "acme",
                null,
                10,
                c -> true);
        assertThat(page.items())
                .extracting(ConfigurationRecord::getConfigurationId)
                .containsExactly("cfg-0", "cfg-4");
        assertThat(read).containsExactlyInAnyOrder("cfg-0", "cfg-4");
        assertThat(keys(StoreSpecs.CONFIGURATIONS.name())).doesNotContain("cfg-2", "\u0001acme\u0000cfg-2");
    }

    private static ConfigurationRecord configuration(String id, String project) {
        return ConfigurationRecord.newBuilder()
                .setConfigurationId(id)
                .setProjectId(project)
                .setName("invoices")
                .setProductType("parse_v2")
                .setParametersJson("{\"product_type\":\"parse_v2\",\"tier\":\"fast\",\"version\":\"latest\"}")
                .setVersion(AT)
                .setCreatedAt(AT)
                .setUpdatedAt(AT)
                .build();
    }

    private static Catalog.Page<FileRecord> files(
            ReadOnlyKeyValueStore<String, byte[]> s,
            String project,
            String afterId,
            int limit,
            Predicate<FileRecord> filter) {
        return StorePages.projectPage(
                s, TOPICS.files, FileRecord::getProjectId, FileRecord::getFileId, project, afterId, limit, filter);
    }

    /** The store as a listing of {@code project} may read it: ranges inside its index, records by id; anything else fails the test. */
    private static ReadOnlyKeyValueStore<String, byte[]> readsOnly(
            String project, ReadOnlyKeyValueStore<String, byte[]> store, Set<String> read) {
        String low = "\u0001" + project + "\u0000";
        String high = "\u0001" + project + "\u0001";
        return new ReadOnlyKeyValueStore<>() {
            @Override
            public byte[] get(String key) {
                read.add(key);
                return store.get(key);
            }

            @Override
            public KeyValueIterator<String, byte[]> range(String from, String to) {
                if (from == null || to == null || from.compareTo(low) < 0 || to.compareTo(high) > 0) {
                    throw new AssertionError("the listing read outside " + project + "'s index: " + from + " to " + to);
                }
                return store.range(from, to);
            }

            @Override
            public KeyValueIterator<String, byte[]> all() {
                throw new AssertionError("the listing read the whole store");
            }

            @Override
            public <PS extends Serializer<P>, P> KeyValueIterator<String, byte[]> prefixScan(P prefix, PS serializer) {
                throw new AssertionError("the listing scanned the store for " + prefix);
            }

            @Override
            public long approximateNumEntries() {
                return store.approximateNumEntries();
            }
        };
    }

    private KeyValueStore<String, byte[]> store(String name) {
        return driver.getKeyValueStore(name);
    }

    private List<String> keys(String store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store(store).all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private void file(String id, String project) {
        files.pipeInput(id, fileRecord(id, project));
    }

    private static FileRecord fileRecord(String id, String project) {
        return FileRecord.newBuilder()
                .setFileId(id)
                .setProjectId(project)
                .setName(id + ".pdf")
                .setContentHash("ab")
                .setSize(2)
                .setCreatedAt(AT)
                .build();
    }

    private Optional<DirectoryFileRecord> byId(String id) {
        return CatalogService.directoryFileById(store(StoreSpecs.DIRECTORY_FILES.name()), TOPICS.directoryFiles, id);
    }

    /** A directory file as the API writes it, updated {@code second} seconds after {@link #AT}. */
    private void entry(String directory, String id, int second) {
        directoryFiles.pipeInput(directory + "/" + id, directoryFile(directory, id, second));
    }

    private static DirectoryFileRecord directoryFile(String directory, String id, int second) {
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

    private void directory(String id, String project) {
        directories.pipeInput(
                id,
                DirectoryRecord.newBuilder()
                        .setDirectoryId(id)
                        .setProjectId(project)
                        .setName(id)
                        .setCreatedAt(AT)
                        .setUpdatedAt(AT)
                        .build());
    }
}
