package dev.batch.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigHashTest {
    @Test
    void ignoresKeyOrderNullsAndFieldsThatDoNotChangeResults() {
        String a =
                ConfigHash.of("{\"parameters\":{\"max_pages\":3,\"lang\":\"en\"},\"job_name\":\"parse_raw_file_job\"}");
        String b = ConfigHash.of(
                "{\"job_name\":\"parse_raw_file_job\",\"correlation_id\":\"c-9\",\"parameters\":{\"lang\":\"en\","
                        + "\"max_pages\":3,\"webhook_url\":\"https://x\",\"invalidate_cache\":true,\"target_pages\":null}}");
        assertThat(a).hasSize(64).isEqualTo(b);
    }

    @Test
    void changesWhenAParameterThatShapesResultsChanges() {
        assertThat(ConfigHash.of("{\"parameters\":{\"max_pages\":3}}"))
                .isNotEqualTo(ConfigHash.of("{\"parameters\":{\"max_pages\":4}}"));
    }

    @Test
    void refusesAConfigThatIsNotJson() {
        assertThatThrownBy(() -> ConfigHash.of("{nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("job config is not valid JSON");
    }
}
