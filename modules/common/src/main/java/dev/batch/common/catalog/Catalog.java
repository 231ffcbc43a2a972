package dev.batch.common.catalog;

import dev.batch.common.query.NotAvailableException;
import dev.batch.events.ConfigurationRecord;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Read side of the catalog (files, directories, directory files, saved configurations), materialised from the compacted
 * catalog topics. Views lag the topics by the time it takes to read them; a writer that must read
 * its own write waits with {@link #awaitApplied}. While a view is rebuilding, reads throw
 * {@link NotAvailableException}.
 */
public interface Catalog {
    Optional<FileRecord> file(String fileId);

    Optional<DirectoryRecord> directory(String directoryId);

    Optional<DirectoryFileRecord> directoryFile(String directoryId, String directoryFileId);

    /** A directory file by its {@code dfl-} id alone, in whichever directory it is now (deleted ones too). */
    Optional<DirectoryFileRecord> directoryFile(String directoryFileId);

    /** Files of a project in id order, starting after {@code afterId} (null: from the start). Reads only that project's files. */
    Page<FileRecord> files(String projectId, String afterId, int limit, Predicate<FileRecord> filter);

    /** Directories of a project in id order, after {@code afterId}. Reads only that project's directories. */
    Page<DirectoryRecord> directories(String projectId, String afterId, int limit, Predicate<DirectoryRecord> filter);

    /** A directory's files in directory-file id order, after {@code afterId}. Reads only that key range. */
    Page<DirectoryFileRecord> directoryFiles(
            String directoryId, String afterId, int limit, Predicate<DirectoryFileRecord> filter);

    /** How far the view has read each partition of a catalog topic: the next offset it will apply. */
    Map<Integer, Long> position(String topic);

    /** Waits until the view has applied the record at {@code offset} of {@code topic}-{@code partition}. */
    boolean awaitApplied(String topic, int partition, long offset, Duration timeout) throws InterruptedException;

    // Saved configurations (/api/v1/beta/configurations).

    Optional<ConfigurationRecord> configuration(String configurationId);

    /** Saved configurations of a project in id order, after {@code afterId}. Reads only that project's configurations. */
    Page<ConfigurationRecord> configurations(
            String projectId, String afterId, int limit, Predicate<ConfigurationRecord> filter);

    /** One page of a listing; {@code next} is the id to continue after, or null at the end. */
    record Page<T>(List<T> items, String next) {}
}
