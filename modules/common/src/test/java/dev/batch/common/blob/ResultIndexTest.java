package dev.batch.common.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.events.JobType;
import dev.batch.events.ProcessingResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultIndexTest {
    @TempDir
    Path root;

    @Test
    void listsAnItemsEntriesAndNoOtherItemsInItsShard() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        put(store, ResultIndex.itemKey("item-a", "h1"));
        put(store, ResultIndex.itemKey("item-a", "h2"));
        put(store, ResultIndex.itemKey("item-ab", "h1"));
        put(store, ResultIndex.itemKey("item-a.more", "h1"));
        for (int i = 0; i < 500; i++) put(store, ResultIndex.itemKey("other-" + i, "h1"));

        assertThat(ResultIndex.itemKeys(store, "item-a"))
                .containsExactly(ResultIndex.itemKey("item-a", "h1"), ResultIndex.itemKey("item-a", "h2"));
        assertThat(ResultIndex.itemKeys(store, "item-ab")).containsExactly(ResultIndex.itemKey("item-ab", "h1"));
        assertThat(ResultIndex.itemKeys(store, "item-none")).isEmpty();
    }

    @Test
    void createsNoFolderPerItem() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        for (int i = 0; i < 10_000; i++)
            put(store, ResultIndex.itemKey(UUID.randomUUID().toString(), "h"));
        try (Stream<Path> folders = Files.walk(root.resolve("objects")).filter(Files::isDirectory)) {
            assertThat(folders.count())
                    .as("the shard folders and their parents")
                    .isLessThanOrEqualTo(4096 + 2);
        }
    }

    @Test
    void findsACachedResultOnlyInItsOwnProject() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        ResultIndex.cache(store, result("proj-a", "c1", "h1"));

        assertThat(ResultIndex.cached(store, "proj-a", "c1", "h1")).isPresent();
        assertThat(ResultIndex.cached(store, "proj-b", "c1", "h1")).isEmpty();
        assertThat(ResultIndex.cached(store, "proj-a", "c1", "h2")).isEmpty();
    }

    private static ProcessingResult result(String project, String content, String params) {
        return ProcessingResult.newBuilder()
                .setResultId("r")
                .setContentHash(content)
                .setParametersHash(params)
                .setItemId("item")
                .setFileId("item")
                .setJobId("bjb-1")
                .setProjectId(project)
                .setJobType(JobType.parse)
                .setJobConfigJson("{}")
                .setOutputLocation("results/x.json")
                .setProcessedAt(Instant.now())
                .build();
    }

    private static void put(BlobStore store, String key) throws Exception {
        store.putObject(key, key.getBytes(StandardCharsets.UTF_8));
    }
}
