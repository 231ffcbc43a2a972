package dev.batch.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared corpus of real documents ({@code ../shared/corpus} from the checkout). */
public final class Corpus {
    private Corpus() {}

    public static Path root() {
        String configured = System.getenv("BATCH_CORPUS_DIR");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("corpus");
            if (Files.isDirectory(candidate)) return candidate;
            candidate = p.getParent() == null ? null : p.getParent().resolve("shared").resolve("corpus");
            if (candidate != null && Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("cannot find shared/corpus above " + dir + "; set BATCH_CORPUS_DIR");
    }

    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) throw new IllegalStateException("corpus file missing: " + p);
        return p;
    }
}
