package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Node.js scripts under {@code compat/} run by the tests (the official SDK, the dashboard in
 * Chromium); {@link dev.batch.testkit.RequiredTools} says whether the programs are there.
 */
final class NodeScripts {
    static final Path COMPAT = Path.of("../../compat").toAbsolutePath().normalize();

    private NodeScripts() {}

    /** {@code npm ci} in {@code compat/<dir>} unless its node_modules already has {@code module}. */
    static Path install(String dir, String module) throws Exception {
        Path home = COMPAT.resolve(dir);
        if (!Files.isDirectory(home.resolve("node_modules").resolve(module))) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(install.exitValue()).as("npm ci: " + out).isZero();
        }
        return home;
    }

    /** Runs {@code node script} in {@code home} with {@code env}; returns its output after checking it exited 0. */
    static String run(Path home, String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder("node", script).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(script + " finished").isTrue();
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
