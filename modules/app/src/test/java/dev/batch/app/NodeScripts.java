package dev.batch.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Node.js scripts under {@code compat/} run by the tests (the official SDK, the dashboard in
 * Chromium). A missing program skips the test on a developer's machine and fails it on CI, where
 * {@code scripts/test} installs what is needed.
 */
final class NodeScripts {
    static final Path COMPAT = Path.of("../../compat").toAbsolutePath().normalize();

    private NodeScripts() {}

    /** Skips (locally) or fails (CI) unless {@code command} runs. */
    static void require(String what, String... command) {
        boolean ok = available(command);
        if (!ok && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(what + " is required on CI (" + String.join(" ", command) + " does not run)");
        }
        assumeTrue(ok, what + " is not installed; the test needs it");
    }

    /** {@code npm ci} in {@code compat/<dir>} unless its node_modules already has {@code module}. */
    static Path install(String dir, String module) throws Exception {
        Path home = COMPAT.resolve(dir);
        if (!Files.isDirectory(home.resolve("node_modules").resolve(module))) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(home.toFile()).redirectErrorStream(true).start();
            String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(install.exitValue()).as("npm ci: " + out).isZero();
        }
        return home;
    }

    /** Runs {@code node script} in {@code home} with {@code env}; returns its output after checking it exited 0. */
    static String run(Path home, String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(script + " finished").isTrue();
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean available(String... command) {
        try {
            return new ProcessBuilder(List.of(command)).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
