package dev.batch.worker.parse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tesseract, run as a command on one image: decided per page, on purpose (an image-only PDF page,
 * an image file), never on every picture of a text document. One thread per run
 * ({@code OMP_THREAD_LIMIT=1}): on two cores that is four times faster than its default threading.
 */
final class Ocr {
    private static final Logger log = LoggerFactory.getLogger(Ocr.class);
    /** How to get OCR, for messages on pages that need it. */
    static final String HOW_TO_ENABLE =
            "install Tesseract (apt-get install tesseract-ocr, plus tesseract-ocr-<lang> for other languages)"
                    + " or set BATCH_TESSERACT to its path; or set disable_ocr to skip such pages";

    private static final Map<String, String> ISO_TO_TESSERACT = Map.ofEntries(
            Map.entry("en", "eng"),
            Map.entry("fr", "fra"),
            Map.entry("de", "deu"),
            Map.entry("es", "spa"),
            Map.entry("it", "ita"),
            Map.entry("pt", "por"),
            Map.entry("nl", "nld"),
            Map.entry("sv", "swe"),
            Map.entry("da", "dan"),
            Map.entry("no", "nor"),
            Map.entry("fi", "fin"),
            Map.entry("pl", "pol"),
            Map.entry("cs", "ces"),
            Map.entry("ru", "rus"),
            Map.entry("uk", "ukr"),
            Map.entry("el", "ell"),
            Map.entry("tr", "tur"),
            Map.entry("ar", "ara"),
            Map.entry("he", "heb"),
            Map.entry("hi", "hin"),
            Map.entry("zh", "chi_sim"),
            Map.entry("ch_sim", "chi_sim"),
            Map.entry("ch_tra", "chi_tra"),
            Map.entry("ja", "jpn"),
            Map.entry("ko", "kor"),
            Map.entry("vi", "vie"),
            Map.entry("ro", "ron"),
            Map.entry("hu", "hun"));

    private static volatile Optional<Path> binary;

    private Ocr() {}

    /** The tesseract command, if there is one. */
    static Optional<Path> binary() {
        Optional<Path> b = binary;
        if (b == null) {
            String configured = System.getenv("BATCH_TESSERACT");
            if (configured != null && !configured.isBlank()) {
                b = Files.isExecutable(Path.of(configured)) ? Optional.of(Path.of(configured)) : Optional.empty();
            } else {
                b = Optional.empty();
                for (String dir : String.valueOf(System.getenv("PATH")).split(File.pathSeparator)) {
                    Path p = Path.of(dir, "tesseract");
                    if (Files.isExecutable(p)) {
                        b = Optional.of(p);
                        break;
                    }
                }
            }
            binary = b;
        }
        return b;
    }

    /** Tests: pretend Tesseract is (not) installed; null goes back to looking it up. */
    static void useBinary(Optional<Path> b) {
        binary = b;
    }

    /** Tesseract's language argument for LlamaParse's {@code lang}/{@code languages} (ISO 639-1 codes). */
    static String languages(List<String> iso) {
        List<String> out = new ArrayList<>();
        for (String l : iso) {
            String t = ISO_TO_TESSERACT.getOrDefault(
                    l.toLowerCase(Locale.ROOT), l.length() == 3 ? l.toLowerCase(Locale.ROOT) : null);
            if (t != null && !out.contains(t)) out.add(t);
        }
        return out.isEmpty() ? "eng" : String.join("+", out);
    }

    /**
     * The text of an image file; {@code extra}: further arguments, options that override ours ({@code --psm 6})
     * and Tesseract's config names for another output ({@code tsv}). Throws with a message that says what is
     * missing when OCR cannot run.
     */
    static String read(Path image, String languages, long timeoutMillis, String... extra) throws IOException {
        Path tesseract = binary().orElseThrow(() ->
                new IOException("this page is an image and needs OCR, which is not installed: " + HOW_TO_ENABLE));
        List<String> command = new ArrayList<>(
                List.of(tesseract.toString(), image.toString(), "stdout", "-l", languages, "--psm", "3"));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().put("OMP_THREAD_LIMIT", "1");
        Process p = pb.start();
        byte[] out = new byte[0];
        byte[] err;
        try {
            // Read both streams; a chatty stderr must not block the process.
            var errReader = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("OCR took longer than " + timeoutMillis / 1000 + " s");
            }
            err = errReader.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during OCR", e);
        } catch (ExecutionException | TimeoutException e) {
            err = new byte[0];
        }
        if (p.exitValue() != 0) {
            String message = new String(err, StandardCharsets.UTF_8).strip();
            // Tesseract's own words name its install and our temporary files: they go to the log, not to the item.
            log.warn("Tesseract exited with {} on a page: {}", p.exitValue(), message);
            if (message.contains("Failed loading language") || message.contains("Error opening data file")) {
                throw new IOException(
                        "OCR language data missing for '" + languages + "': install tesseract-ocr-<lang>");
            }
            throw new IOException("OCR failed (exit " + p.exitValue() + ")");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
