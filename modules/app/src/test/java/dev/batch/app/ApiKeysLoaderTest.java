package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;
import dev.batch.ingress.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysLoaderTest {
    private final Credentials defaults = new Credentials("default-project", "llx-default");

    @Test
    void mapsKeysFromTheEnvironmentAndAFileToTheirProjects(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# team keys\nllx-c = project-c\n\nllx-d=project-d\n");
        ApiKeys keys = ApiKeysLoader.load(
                Config.of(Map.of(
                        "BATCH_API_KEYS", "llx-a=project-a,llx-b=project-b", "BATCH_API_KEYS_FILE", file.toString())),
                defaults);
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
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> keys.projectOf("llx-c").isEmpty());
        assertThat(keys.projectOf("llx-d")).hasValue("project-d");
        assertThat(keys.projectOf("llx-default"))
                .as("the default key is not in the file")
                .hasValue("default-project");
        Files.writeString(file, "this line is malformed\n");
        Awaitility.await()
                .during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> keys.projectOf("llx-d").isPresent());
    }

    @Test
    void failsFastNamingTheSettingOnAMalformedEntry(@TempDir Path dir) {
        assertThatThrownBy(() -> ApiKeysLoader.load(Config.of(Map.of("BATCH_API_KEYS", "llx-a")), defaults))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BATCH_API_KEYS entry 1: expected key=project");
        assertThatThrownBy(() -> ApiKeysLoader.load(
                        Config.of(Map.of(
                                "BATCH_API_KEYS_FILE", dir.resolve("none").toString())),
                        defaults))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BATCH_API_KEYS_FILE: cannot read");
        assertThatThrownBy(() ->
                        ApiKeysLoader.load(Config.of(Map.of("BATCH_API_KEYS", "llx-default=elsewhere")), defaults))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("two projects");
    }

    @Test
    void findsAKeyTheFileGivesOnlyAsItsSha256(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        // printf %s llx-e | sha256sum
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest("llx-e".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(file, "sha256:" + hash.toUpperCase() + " = project-e\n");
        ApiKeys keys = ApiKeysLoader.load(Config.of(Map.of("BATCH_API_KEYS_FILE", file.toString())), defaults);
        assertThat(keys.projectOf("llx-e")).hasValue("project-e");
        assertThat(keys.projectOf("sha256:" + hash))
                .as("the hash itself is no key")
                .isEmpty();
        assertThat(keys.projectOf(hash)).isEmpty();
    }

    @Test
    void namesAMalformedEntryByItsPlaceWithoutShowingIt(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ApiKeysLoader.load(
                        Config.of(Map.of("BATCH_API_KEYS", "llx-a=project-a,llx-secret-without-project")), defaults))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BATCH_API_KEYS entry 2: expected key=project")
                .message()
                .doesNotContain("llx-secret");
        Path file = dir.resolve("keys");
        Files.writeString(file, "# keys\nllx-c=project-c\nsha256:12ab=project-d\n");
        assertThatThrownBy(
                        () -> ApiKeysLoader.load(Config.of(Map.of("BATCH_API_KEYS_FILE", file.toString())), defaults))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "BATCH_API_KEYS_FILE line 3: a key given as sha256: needs the 64 hex digits of its SHA-256");
    }
}
