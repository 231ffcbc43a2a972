package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CleanTextTest {
    @Test
    void collapsesSpacesDropsThemAtLineEndsAndKeepsOneBlankLineAtMost() {
        assertThat(StructureHandler.clean("  a \t\u00a0b  \n  c\n\n\n\n d \r\n"))
                .isEqualTo("a b\nc\n\nd");
        assertThat(StructureHandler.clean("x \n \n y")).isEqualTo("x\n\ny");
        assertThat(StructureHandler.clean("one\u2029 two")).isEqualTo("one\u2029 two");
        assertThat(StructureHandler.clean(" \n ")).isEmpty();
        assertThat(StructureHandler.clean("Net sales (in millions)")).isEqualTo("Net sales (in millions)");
        assertThat(StructureHandler.clean("a  b\u00a0c\u2003")).isEqualTo("a b c");
    }
}
