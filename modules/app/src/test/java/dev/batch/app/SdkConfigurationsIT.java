package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.RequiredTools;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official LlamaCloud SDK's {@code client.configurations} (2.4.1, unchanged) against the whole
 * system: {@code compat/sdk/configurations-flow.mjs}. Needs Node.js; without it the test is
 * skipped locally and fails on CI.
 */
@WithKafka
class SdkConfigurationsIT {
    @TempDir
    Path data;

    @Test
    void runsTheOfficialSdksConfigurationsFlowUnchanged(TestKafka kafka) throws Exception {
        RequiredTools.require(RequiredTools.NODE, "node", "--version");
        Path sdk = NodeScripts.install("sdk", "@llamaindex/llama-cloud");
        try (RunningSystem sys = RunningSystem.start(kafka, data, "sdk-configurations", Map.of())) {
            String out = NodeScripts.run(
                    sdk,
                    "configurations-flow.mjs",
                    Map.of("LLAMA_CLOUD_BASE_URL", sys.base(), "LLAMA_CLOUD_API_KEY", RunningSystem.KEY));
            assertThat(out).contains("SDK configurations: all steps passed");
        }
    }
}
