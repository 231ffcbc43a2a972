package dev.batch.common.catalog;

import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.FileRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ids a job's {@code item_ids} may name, resolved against the catalog in one place for the API
 * and the splitter: a file id, or a directory file's {@code dfl-} id (what a directory job's items
 * carry). The item keeps the id it was given and reads the file behind it.
 */
public final class CatalogItems {
    private CatalogItems() {}

    /** An item as a job lists it: the id it was given, the file it reads, its project, and a name to show. */
    public record Item(String itemId, String fileId, String projectId, String name) {}

    /**
     * What {@code id} names, if anything. A directory file that is deleted, whose directory is
     * deleted, or whose file is gone, is unknown: a job could not read it.
     */
    public static Optional<Item> resolve(Catalog catalog, String id) {
        Optional<FileRecord> file = catalog.file(id);
        if (file.isPresent()) {
            FileRecord f = file.get();
            return Optional.of(new Item(id, id, f.getProjectId(), f.getName()));
        }
        Optional<DirectoryFileRecord> entry = catalog.directoryFile(id);
        if (entry.isEmpty() || entry.get().getDeletedAt() != null) return Optional.empty();
        DirectoryFileRecord e = entry.get();
        String project = e.getProjectId();
        boolean directoryLive = catalog.directory(e.getDirectoryId())
                .filter(d -> d.getDeletedAt() == null && project.equals(d.getProjectId()))
                .isPresent();
        boolean fileThere = catalog.file(e.getFileId())
                .filter(f -> project.equals(f.getProjectId()))
                .isPresent();
        if (!directoryLive || !fileThere) return Optional.empty();
        return Optional.of(new Item(id, e.getFileId(), project, e.getDisplayName()));
    }

    /**
     * The ids of {@code ids} that are not items of {@code projectId}: unknown, or another project's
     * (the two are not told apart, so no project learns what another holds).
     */
    public static List<String> foreign(Catalog catalog, List<String> ids, String projectId) {
        List<String> foreign = new ArrayList<>();
        for (String id : ids) {
            if (resolve(catalog, id)
                    .filter(i -> projectId.equals(i.projectId()))
                    .isEmpty()) foreign.add(id);
        }
        return foreign;
    }
}
