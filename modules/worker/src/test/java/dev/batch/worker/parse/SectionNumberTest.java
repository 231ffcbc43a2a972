package dev.batch.worker.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SectionNumberTest {
    @Test
    void readsDottedRomanLetteredAndNamedNumbers() {
        assertThat(SectionNumber.parse("3.2.1. Thermal equilibrium models").parts())
                .containsExactly(3, 2, 1);
        assertThat(SectionNumber.parse("1 Introduction").dotted()).isFalse();
        assertThat(SectionNumber.parse("1. Introduction").dotted()).isTrue();
        assertThat(SectionNumber.parse("IV. TEXT DATA").parts()).containsExactly(4);
        assertThat(SectionNumber.parse("A.2 Proofs").parts()).containsExactly(1, 2);
        assertThat(SectionNumber.parse("Appendix B: Tables").named()).isTrue();
        assertThat(SectionNumber.parse("Results of 2022")).isNull();
        assertThat(SectionNumber.parse("2022 Annual Report")).isNull();
    }

    @Test
    void placesALetteredSubsectionUnderTheSectionBeforeIt() {
        SectionNumber four = SectionNumber.parse("IV. TEXT DATA");
        SectionNumber b = SectionNumber.parse("B. Chatbots").under(four);

        assertThat(b.parts()).containsExactly(4, 2);
        assertThat(SectionNumber.parse("B. Chatbots").under(null)).isNull();
    }

    @Test
    void followsTheNumberBeforeItAtSomeDepthOrJustBelowIt() {
        SectionNumber three = SectionNumber.parse("3. Impact");
        SectionNumber threeTwo = SectionNumber.parse("3.2. Testing");

        assertThat(SectionNumber.parse("3.1. Constraints").follows(three)).isTrue();
        assertThat(SectionNumber.parse("3.3. More").follows(threeTwo)).isTrue();
        assertThat(SectionNumber.parse("4. Conclusion").follows(threeTwo)).isTrue();
        assertThat(SectionNumber.parse("3.2.1. Models").follows(threeTwo)).isTrue();
        assertThat(SectionNumber.parse("2. Earlier").follows(threeTwo)).isFalse();
        assertThat(SectionNumber.parse("3.2.4. Deep").follows(threeTwo)).isFalse();
        assertThat(SectionNumber.parse("7. Later").follows(null)).isFalse();
        assertThat(SectionNumber.parse("1. Start").follows(null)).isTrue();
    }
}
