package dev.batch.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Picks documents from the shared corpus by its MANIFEST.tsv (path, format, pages, …, notes). */
final class CorpusFiles {
    private static final Pattern NOT_TEXT =
            Pattern.compile("(?i)encrypt|corrupt|truncat|scanned|image.only|zero-byte|malformed|fuzz");

    private static final Set<String> IMAGES = Set.of("png", "jpg", "jpeg", "tiff", "tif", "bmp");

    private CorpusFiles() {}

    record Doc(Path path, int pages) {}

    static Path root() {
        String configured = System.getenv("BATCH_CORPUS_DIR");
        Path p = configured != null
                ? Path.of(configured)
                : Path.of("..", "shared", "corpus").toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) throw new IllegalStateException("no corpus at " + p + "; set BATCH_CORPUS_DIR");
        return p;
    }

    /** The text PDFs, not encrypted, corrupt, truncated or scanned: the speed set of the parse benchmarks. */
    static List<Doc> textPdfs() throws IOException {
        Path root = root();
        List<Doc> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("parse/MANIFEST.tsv"))) {
            String[] f = line.split("\t", -1);
            if (f.length < 7 || !f[1].equals("pdf") || f[2].isBlank() || !f[0].endsWith(".pdf")) continue;
            if (NOT_TEXT.matcher(f[6]).find()) continue;
            out.add(new Doc(root.resolve(f[0]), Integer.parseInt(f[2].trim())));
        }
        return out;
    }

    /** The scans: the parse set's images (PNG, JPEG, TIFF, BMP) and the receipts of the extraction set, one page each. */
    static List<Path> scans() throws IOException {
        Path root = root();
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("parse/MANIFEST.tsv"))) {
            String[] f = line.split("\t", -1);
            if (f.length > 1 && IMAGES.contains(f[1])) out.add(root.resolve(f[0]));
        }
        out.addAll(receipts());
        return out;
    }

    /** The PDFs of the ICDAR 2013 table set ({@code tables/icdar2013/}), each with its {@code -str.xml} beside it. */
    static List<Path> tablePdfs() throws IOException {
        Path root = root().resolve("tables");
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("MANIFEST.tsv"))) {
            String path = line.split("\t", -1)[0];
            if (path.startsWith("icdar2013/") && path.endsWith(".pdf")) out.add(root.resolve(path));
        }
        out.sort(null);
        return out;
    }

    /** The scanned receipts of the extraction set ({@code extract/receipts/}), each with its {@code .gt.json} beside it. */
    static List<Path> receipts() throws IOException {
        Path root = root().resolve("extract");
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("MANIFEST.tsv"))) {
            String path = line.split("\t", -1)[0];
            if (path.startsWith("receipts/") && path.endsWith(".jpg")) out.add(root.resolve(path));
        }
        out.sort(null);
        return out;
    }
}
