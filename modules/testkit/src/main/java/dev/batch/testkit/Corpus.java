package dev.batch.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The documents the tests use: {@code testdata/corpus} of this repository (a subset of the shared
 * corpus, with its MANIFEST rows: sources and licences), so a clone anywhere runs the suite.
 * {@code BATCH_CORPUS_DIR} points the tests elsewhere (the whole shared corpus, say).
 */
public final class Corpus {
    private Corpus() {}

    public static Path root() {
        String configured = System.getenv("BATCH_CORPUS_DIR");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolve("testdata").resolve("corpus");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("cannot find testdata/corpus above " + dir + "; set BATCH_CORPUS_DIR");
    }

    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p))
            throw new IllegalStateException("corpus file missing: " + p + " (add it to testdata/corpus)");
        return p;
    }
}
