package dev.batch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.catalog.CatalogItems;
import dev.batch.events.DirectoryFileRecord;
import dev.batch.events.DirectoryRecord;
import dev.batch.events.FileRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ids a job's item_ids may name, as the API and the splitter resolve them. */
class CatalogItemsTest {
    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    private final InMemoryCatalog catalog = new InMemoryCatalog();

    @Test
    void resolvesAFileIdToTheFileAndADirectoryFileIdToItsFileKeepingTheIdGiven() {
        file("f-1", "acme");
        directory("dir-a", "acme");
        entry("dir-a", "dfl-1", "f-1", "acme", 1);

        assertThat(CatalogItems.resolve(catalog, "f-1"))
                .contains(new CatalogItems.Item("f-1", "f-1", "acme", "f-1.pdf"));
        assertThat(CatalogItems.resolve(catalog, "dfl-1"))
                .contains(new CatalogItems.Item("dfl-1", "f-1", "acme", "Contract dfl-1"));
    }

    @Test
    void followsADirectoryFileMovedToAnotherDirectory() {
        file("f-1", "acme");
        directory("dir-a", "acme");
        directory("dir-b", "acme");
        entry("dir-a", "dfl-1", "f-1", "acme", 1);
        entry("dir-b", "dfl-1", "f-1", "acme", 2);
        catalog.directories.get("dir-a").setDeletedAt(AT);

        assertThat(CatalogItems.resolve(catalog, "dfl-1"))
                .get()
                .extracting(i -> i.fileId())
                .isEqualTo("f-1");
    }

    @Test
    void tellsNoProjectWhetherAnItemItCannotSeeExistsElsewhere() {
        file("mine", "proj");
        file("theirs", "other");
        directory("dir-mine", "proj");
        directory("dir-theirs", "other");
        entry("dir-mine", "dfl-mine", "mine", "proj", 1);
        entry("dir-theirs", "dfl-theirs", "theirs", "other", 1);

        assertThat(CatalogItems.foreign(
                        catalog, List.of("mine", "dfl-mine", "theirs", "dfl-theirs", "nowhere", "dfl-nowhere"), "proj"))
                .containsExactly("theirs", "dfl-theirs", "nowhere", "dfl-nowhere");
    }

    @Test
    void knowsNoDirectoryFileThatIsDeletedOrInADeletedDirectoryOrWhoseFileIsGone() {
        file("f-1", "acme");
        directory("dir-a", "acme");
        directory("dir-gone", "acme");
        catalog.directories.get("dir-gone").setDeletedAt(AT);
        entry("dir-a", "dfl-deleted", "f-1", "acme", 1);
        catalog.directoryFiles.get("dir-a/dfl-deleted").setDeletedAt(AT);
        entry("dir-gone", "dfl-orphan", "f-1", "acme", 1);
        entry("dir-a", "dfl-fileless", "f-removed", "acme", 1);
        entry("dir-a", "dfl-live", "f-1", "acme", 1);

        assertThat(CatalogItems.foreign(
                        catalog, List.of("dfl-deleted", "dfl-orphan", "dfl-fileless", "dfl-live"), "acme"))
                .containsExactly("dfl-deleted", "dfl-orphan", "dfl-fileless");
    }

    private void file(String id, String project) {
        catalog.files.put(
                id,
                FileRecord.newBuilder()
                        .setFileId(id)
                        .setProjectId(project)
                        .setName(id + ".pdf")
                        .setContentHash("c")
                        .setSize(1)
                        .setCreatedAt(AT)
                        .build());
    }

    private void directory(String id, String project) {
        catalog.directories.put(
                id,
                DirectoryRecord.newBuilder()
                        .setDirectoryId(id)
                        .setProjectId(project)
                        .setName(id)
                        .setCreatedAt(AT)
                        .setUpdatedAt(AT)
                        .build());
    }

    private void entry(String directory, String id, String fileId, String project, int second) {
        catalog.directoryFiles.put(
                directory + "/" + id,
                DirectoryFileRecord.newBuilder()
                        .setId(id)
                        .setDirectoryId(directory)
                        .setProjectId(project)
                        .setFileId(fileId)
                        .setDisplayName("Contract " + id)
                        .setUniqueId(id)
                        .setCreatedAt(AT)
                        .setUpdatedAt(AT.plusSeconds(second))
                        .build());
    }
}
