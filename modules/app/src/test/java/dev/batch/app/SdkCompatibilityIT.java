package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.batch.testkit.Corpus;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official LlamaCloud TypeScript SDK (2.4.1 from npm, unchanged) runs its batch flow against the
 * whole system: {@code compat/sdk/batch-flow.mjs}. Needs Node.js; without it the test is skipped
 * locally and fails on CI.
 */
@WithKafka
class SdkCompatibilityIT {
    private static final Path SDK = Path.of("../../compat/sdk").toAbsolutePath().normalize();

    @TempDir
    Path data;

    @Test
    void runsTheOfficialSdksBatchFlowUnchanged(TestKafka kafka) throws Exception {
        boolean node = available("node", "--version");
        if (!node && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Node.js is required for the SDK compatibility test (apt-get install nodejs npm)");
        }
        assumeTrue(node, "Node.js is not installed; the SDK compatibility test needs it");
        if (!Files.isDirectory(SDK.resolve("node_modules/@llamaindex/llama-cloud"))) {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SDK.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(install.exitValue()).as("npm ci: " + out).isZero();
        }
        try (RunningSystem sys = RunningSystem.start(kafka, data, "sdk-compat", Map.of())) {
            ProcessBuilder pb = new ProcessBuilder("node", "batch-flow.mjs").directory(SDK.toFile()).redirectErrorStream(true);
            pb.environment().put("LLAMA_CLOUD_BASE_URL", sys.base());
            pb.environment().put("LLAMA_CLOUD_API_KEY", RunningSystem.KEY);
            pb.environment().put("CORPUS", Corpus.root().toString());
            Process flow = pb.start();
            String out = new String(flow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(flow.waitFor(5, TimeUnit.MINUTES)).as("the SDK flow finished").isTrue();
            System.out.println(out);
            assertThat(flow.exitValue()).as(out).isZero();
            assertThat(out).contains("SDK compatibility: all steps passed");
        }
    }

    private static boolean available(String... command) {
        try {
            return new ProcessBuilder(List.of(command)).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
