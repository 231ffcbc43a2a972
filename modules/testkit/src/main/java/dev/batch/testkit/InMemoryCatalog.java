package dev.batch.testkit;

import dev.batch.common.catalog.Catalog;
import dev.batch.common.kafka.Topics;
import dev.batch.events.ConfigurationRecord;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** A catalog held in sorted maps, for topology tests and benchmarks; same ordering and paging contract as the real one. */
public final class InMemoryCatalog implements Catalog {
    public final TreeMap<String, FileRecord> files = new TreeMap<>();
    public final TreeMap<String, DirectoryRecord> directories = new TreeMap<>();
    public final TreeMap<String, DirectoryFileRecord> directoryFiles = new TreeMap<>();
    public final Map<Integer, Long> position = new HashMap<>();
    public final TreeMap<String, ConfigurationRecord> configurations = new TreeMap<>();

    @Override
    public Optional<FileRecord> file(String fileId) {
        return Optional.ofNullable(files.get(fileId));
    }

    @Override
    public Optional<DirectoryRecord> directory(String directoryId) {
        return Optional.ofNullable(directories.get(directoryId));
    }

    @Override
    public Optional<DirectoryFileRecord> directoryFile(String directoryId, String directoryFileId) {
        return Optional.ofNullable(directoryFiles.get(Topics.directoryFileKey(directoryId, directoryFileId)));
    }

    /** The record last updated among those of that id: the real catalog's index follows a moved file the same way. */
    @Override
    public Optional<DirectoryFileRecord> directoryFile(String directoryFileId) {
        return directoryFiles.values().stream()
                .filter(f -> f.getId().equals(directoryFileId))
                .max(Comparator.comparing(DirectoryFileRecord::getUpdatedAt));
    }

    @Override
    public Page<FileRecord> files(String projectId, String afterId, int limit, Predicate<FileRecord> filter) {
        return page(
                afterId == null ? files : files.tailMap(afterId, false),
                limit,
                f -> f.getProjectId().equals(projectId) && filter.test(f),
                FileRecord::getFileId);
    }

    @Override
    public Page<DirectoryRecord> directories(
            String projectId, String afterId, int limit, Predicate<DirectoryRecord> filter) {
        return page(
                afterId == null ? directories : directories.tailMap(afterId, false),
                limit,
                d -> d.getProjectId().equals(projectId) && filter.test(d),
                DirectoryRecord::getDirectoryId);
    }

    @Override
    public Page<DirectoryFileRecord> directoryFiles(
            String directoryId, String afterId, int limit, Predicate<DirectoryFileRecord> filter) {
        NavigableMap<String, DirectoryFileRecord> range =
                directoryFiles.subMap(directoryId + "/", true, directoryId + "0", false);
        if (afterId != null) range = range.tailMap(directoryId + "/" + afterId, false);
        return page(range, limit, filter, DirectoryFileRecord::getId);
    }

    private static <V> Page<V> page(
            NavigableMap<String, V> map, int limit, Predicate<V> filter, Function<V, String> id) {
        List<V> out = new ArrayList<>();
        for (V v : map.values()) {
            if (!filter.test(v)) continue;
            if (out.size() == limit) return new Page<>(out, id.apply(out.get(out.size() - 1)));
            out.add(v);
        }
        return new Page<>(out, null);
    }

    @Override
    public Optional<ConfigurationRecord> configuration(String configurationId) {
        return Optional.ofNullable(configurations.get(configurationId));
    }

    @Override
    public Page<ConfigurationRecord> configurations(
            String projectId, String afterId, int limit, Predicate<ConfigurationRecord> filter) {
        return page(
                afterId == null ? configurations : configurations.tailMap(afterId, false),
                limit,
                c -> c.getProjectId().equals(projectId) && filter.test(c),
                ConfigurationRecord::getConfigurationId);
    }

    @Override
    public Map<Integer, Long> position(String topic) {
        return position;
    }

    @Override
    public boolean awaitApplied(String topic, int partition, long offset, Duration timeout) {
        return position.getOrDefault(partition, 0L) > offset;
    }
}
