package dev.batch.cli;

import java.io.PrintWriter;

/**
 * A progress bar on standard error: redrawn in place on a terminal, a line per change otherwise
 * (logs, pipes, tests), so a script's standard output stays clean for ids and results.
 */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean terminal = System.console() != null;
    private String last = "";

    Progress(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    long total() {
        return total;
    }

    void show(long done, String text) {
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, WIDTH * done / total);
        String line = String.format(
                "%s [%s%s] %3d%% %s",
                label,
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                total <= 0 ? 0 : Math.min(100, 100 * done / total),
                text);
        if (line.equals(last)) return;
        last = line;
        if (terminal) err.print("\r" + line + "\u001b[K");
        else err.println(line);
        err.flush();
    }

    void done() {
        if (terminal) err.println();
        err.flush();
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KiB", n / 1024.0);
        return String.format("%.1f MiB", n / (1024.0 * 1024));
    }
}
