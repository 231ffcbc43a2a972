package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;
import dev.batch.ingress.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysLoaderTest {
    private final Credentials defaults = new Credentials("default-project", "llx-default");

    @Test
    void mapsKeysFromTheEnvironmentAndAFileToTheirProjects(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# team keys\nllx-c = project-c\n\nllx-d=project-d\n");
        ApiKeys keys = ApiKeysLoader.load(Config.of(Map.of("BATCH_API_KEYS", "llx-a=project-a,llx-b=project-b",
                "BATCH_API_KEYS_FILE", file.toString())), defaults);
        assertThat(keys.projectOf("llx-default")).hasValue("default-project");
        assertThat(keys.projectOf("llx-a")).hasValue("project-a");
        assertThat(keys.projectOf("llx-d")).hasValue("project-d");
        assertThat(keys.projectOf("llx-c")).hasValue("project-c");
        assertThat(keys.projectOf("llx-unknown")).isEmpty();
    }

    @Test
    void revokesAKeyTakenOutOfTheFileAndKeepsTheLastGoodKeysWhenTheFileBreaks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "llx-c=project-c\nllx-d=project-d\n");
        ApiKeys keys = ApiKeysLoader.load(Config.of(Map.of("BATCH_API_KEYS_FILE", file.toString())), defaults);
        assertThat(keys.projectOf("llx-c")).hasValue("project-c");
        Files.writeString(file, "llx-d=project-d\n");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> keys.projectOf("llx-c").isEmpty());
        assertThat(keys.projectOf("llx-d")).hasValue("project-d");
        assertThat(keys.projectOf("llx-default")).as("the default key is not in the file").hasValue("default-project");
        Files.writeString(file, "this line is malformed\n");
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(1500)).atMost(java.time.Duration.ofSeconds(5))
                .until(() -> keys.projectOf("llx-d").isPresent());
    }

    @Test
    void failsFastNamingTheSettingOnAMalformedEntry(@TempDir Path dir) {
        assertThatThrownBy(() -> ApiKeysLoader.load(Config.of(Map.of("BATCH_API_KEYS", "llx-a")), defaults))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BATCH_API_KEYS: expected key=project");
        assertThatThrownBy(() -> ApiKeysLoader.load(Config.of(Map.of("BATCH_API_KEYS_FILE", dir.resolve("none").toString())), defaults))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BATCH_API_KEYS_FILE: cannot read");
        assertThatThrownBy(() -> ApiKeysLoader.load(Config.of(Map.of("BATCH_API_KEYS", "llx-default=elsewhere")), defaults))
                .isInstanceOf(ConfigException.class).hasMessageContaining("two projects");
    }
}
