package dev.batch.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequiredToolsTest {
    @Test
    void aMissingProgramSkipsATestLocallyAndFailsItOnCi() {
        Class<? extends Throwable> expected =
                "true".equals(System.getenv("CI")) ? AssertionError.class : TestAbortedException.class;
        assertThatThrownBy(() -> RequiredTools.require(
                        "no-such-program (apt-get install nothing)", "/nonexistent/no-such-program"))
                .isInstanceOf(expected)
                .hasMessageContaining("no-such-program (apt-get install nothing)");
        assertThatCode(() -> RequiredTools.require("a shell", "sh", "-c", "true"))
                .doesNotThrowAnyException();
    }
}
