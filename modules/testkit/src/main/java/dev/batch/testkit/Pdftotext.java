package dev.batch.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Poppler's {@code pdftotext} (Debian's poppler-utils), the reference our PDF text is checked against. */
public final class Pdftotext {
    public static final String TOOL = "pdftotext (apt-get install poppler-utils)";

    private Pdftotext() {}

    public static boolean available() {
        return run(List.of("pdftotext", "-v")).isPresent();
    }

    /** The PDF's text page by page (page 1 first), or empty when pdftotext cannot read it. */
    public static Optional<List<String>> pages(Path pdf) {
        return run(List.of("pdftotext", "-enc", "UTF-8", pdf.toString(), "-")).map(text -> {
            List<String> pages = new ArrayList<>(List.of(text.split("\f", -1)));
            if (!pages.isEmpty() && pages.get(pages.size() - 1).isBlank()) pages.remove(pages.size() - 1);
            return pages;
        });
    }

    private static Optional<String> run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
