package dev.batch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    static final Setting<Integer> PORT = Setting.integer("BATCH_HTTP_PORT", 8080, 0, 65535, "port");
    static final Setting<Duration> DELAY = Setting.duration("BATCH_DELAY", Duration.ofSeconds(5), "delay");
    static final Setting<Long> SIZE = Setting.bytes("BATCH_SIZE", 1024, "size");

    @Test
    void usesDefaultsWhenNothingIsSet() {
        Config c = Config.of(Map.of());
        assertThat(c.get(PORT)).isEqualTo(8080);
        assertThat(c.get(DELAY)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void parsesDurationsAndSizesInTheirUsualSpelling() {
        Config c = Config.of(Map.of("BATCH_DELAY", "250ms", "BATCH_SIZE", "512MiB"));
        assertThat(c.get(DELAY)).isEqualTo(Duration.ofMillis(250));
        assertThat(c.get(SIZE)).isEqualTo(512L * 1024 * 1024);
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void failsFastNamingTheSettingWhenAValueIsMalformed() {
        Config c = Config.of(Map.of("BATCH_HTTP_PORT", "eighty"));
        assertThatThrownBy(() -> c.validate(List.of(PORT, DELAY)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BATCH_HTTP_PORT: expected an integer, got 'eighty'");
        assertThatThrownBy(() -> Config.of(Map.of("BATCH_HTTP_PORT", "70000")).get(PORT))
                .hasMessageStartingWith("BATCH_HTTP_PORT: expected a value in 0..65535");
        assertThatThrownBy(() -> Config.of(Map.of("BATCH_DELAY", "soon")).get(DELAY))
                .hasMessageStartingWith("BATCH_DELAY:");
    }

    @Test
    void readsAPropertiesFileAndLetsTheEnvironmentWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("batch.properties");
        Files.writeString(file, "BATCH_HTTP_PORT=9000\nBATCH_DELAY=1m\n");
        Config c =
                Config.fromSources(Map.of("BATCH_CONFIG_FILE", file.toString(), "BATCH_DELAY", "2s", "PATH", "/bin"));
        assertThat(c.get(PORT)).isEqualTo(9000);
        assertThat(c.get(DELAY)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void namesTheConfigFileWhenItCannotBeRead() {
        assertThatThrownBy(() -> Config.fromSources(Map.of("BATCH_CONFIG_FILE", "/no/such/file.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BATCH_CONFIG_FILE: cannot read '/no/such/file.properties'");
    }
}
