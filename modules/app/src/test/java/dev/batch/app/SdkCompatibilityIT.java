package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.testkit.Corpus;
import dev.batch.testkit.RequiredTools;
import dev.batch.testkit.TestKafka;
import dev.batch.testkit.WithKafka;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official LlamaCloud TypeScript SDK (2.4.1 from npm, unchanged) runs its flows against the
 * whole system, one script of {@code compat/sdk} a test. Needs Node.js; without it the tests are
 * skipped locally and fail on CI.
 */
@WithKafka
class SdkCompatibilityIT {
    @TempDir
    static Path data;

    static Path sdk;
    static RunningSystem sys;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        RequiredTools.require(RequiredTools.NODE, "node", "--version");
        sdk = NodeScripts.install("sdk", "@llamaindex/llama-cloud");
        sys = RunningSystem.start(kafka, data, "sdk-compat", Map.of());
    }

    @AfterAll
    static void stop() {
        if (sys != null) sys.close();
    }

    /** Runs one flow script; its output, which ends with its own "all steps passed" line. */
    private static String run(String script) throws Exception {
        return NodeScripts.run(
                sdk,
                script,
                Map.of(
                        "LLAMA_CLOUD_BASE_URL",
                        sys.base(),
                        "LLAMA_CLOUD_API_KEY",
                        RunningSystem.KEY,
                        "CORPUS",
                        Corpus.root().toString()));
    }

    @Test
    void runsTheOfficialSdksBatchFlowUnchanged() throws Exception {
        assertThat(run("batch-flow.mjs")).contains("SDK compatibility: all steps passed");
    }

    @Test
    void parsesWithTheSdksParsingResourceUploadByIdAndEveryExpansion() throws Exception {
        assertThat(run("parsing-flow.mjs"))
                .contains("ok parsing.parse upload + expand", "ok result_content_metadata downloads")
                .contains("SDK parsing flow: all steps passed");
    }

    @Test
    void classifiesByFileIdDirectoryFileIdAndParseJobIdWithTheSdksClassifyResource() throws Exception {
        assertThat(run("classify-flow.mjs"))
                .contains("ok classify.run by dfl- id", "ok transaction_id replay")
                .contains("SDK classify flow: all steps passed");
    }

    @Test
    void extractsValidatesAndProposesSchemasListsAndDeletesWithTheSdksExtractResource() throws Exception {
        assertThat(run("extract-flow.mjs"))
                .contains("ok extract.run by file id", "ok extract.validateSchema", "ok extract.delete")
                .contains("SDK extract flow: all steps passed");
    }

    @Test
    void savesListsUpdatesUsesAndDeletesConfigurationsThroughTheSdk() throws Exception {
        assertThat(run("configurations-flow.mjs"))
                .contains("ok classify.create by configuration_id")
                .contains("SDK configurations: all steps passed");
    }

    @Test
    void managesFilesAndDirectoriesAndRoundTripsDirectoryFileIdsThroughTheSdk() throws Exception {
        assertThat(run("files-directories-flow.mjs"))
                .contains("ok item_ids round trip (dfl- ids)", "ok cancel of a finished job: 409 on the first attempt")
                .contains("SDK files and directories flow: all steps passed");
    }
}
