package dev.batch.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path root;

    @Test
    void deletesAFolderWithEverythingUnderIt() throws Exception {
        Path dir = Files.createDirectories(root.resolve("data/kafka/log"));
        Files.writeString(dir.resolve("00000.log"), "records");
        Files.writeString(root.resolve("data/top.txt"), "x");
        FileTrees.delete(root.resolve("data"));
        assertThat(root.resolve("data")).doesNotExist();
        assertThat(root).exists();
    }

    @Test
    void deletingWhatIsNotThereIsNoError() throws Exception {
        FileTrees.delete(root.resolve("never-made"));
        assertThat(root.resolve("never-made")).doesNotExist();
    }
}
