package dev.batch.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Programs some tests need (Tesseract, Node.js, Chromium). On a developer's machine a missing one
 * skips the test, saying which; on CI ({@code CI=true}), where {@code scripts/test} installs them,
 * it fails the test, so a suite cannot pass there without running them.
 */
public final class RequiredTools {
    public static final String TESSERACT =
            "Tesseract (apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-deu)";
    public static final String NODE = "Node.js (apt-get install nodejs npm)";
    public static final String CHROMIUM = "Chromium (apt-get install chromium)";

    private RequiredTools() {}

    /** Skips (locally) or fails (CI) unless {@code available}; {@code what} names the program and how to install it. */
    public static void require(String what, boolean available) {
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(what + " is required on CI, and is not installed");
        }
        assumeTrue(available, what + " is not installed; the test needs it");
    }

    /** The same, for a program that is there when {@code command} runs. */
    public static void require(String what, String... command) {
        require(what, runs(command));
    }

    private static boolean runs(String... command) {
        try {
            return new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
