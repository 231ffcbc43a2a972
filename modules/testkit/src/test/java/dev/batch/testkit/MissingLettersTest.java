package dev.batch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class MissingLettersTest {
    private static List<MissingLetters.Miss> compare(String reference, String ours) {
        return MissingLetters.compare(List.of(reference), List.of(ours));
    }

    @Test
    void findsWordsThatLostLettersWhereTheTextsDiffer() {
        List<MissingLetters.Miss> misses = compare(
                "lists typically reflected the following limits; however, ages beyond 35 were rare",
                "lists typically reflected he following limits; howevr, ages b yond 35 were rare");

        assertThat(misses)
                .extracting(MissingLetters.Miss::expected, MissingLetters.Miss::found)
                .containsExactly(
                        Tuple.tuple("the", "he"), Tuple.tuple("however,", "howevr,"), Tuple.tuple("beyond", "yond"));
    }

    @Test
    void aWordSplitOverALineEndHyphenOrGluedByTheReferenceLosesNothing() {
        assertThat(compare("the solar modelling problem", "the so-\nlar modelling problem"))
                .isEmpty();
        assertThat(compare("values inweights and biases", "values in weights and biases"))
                .isEmpty();
        assertThat(compare("Definition Seiner Überlagerung", "Definition einer Überlagerung S"))
                .isEmpty();
    }

    @Test
    void aSingularForAPluralOrAWordElsewhereOnThePageIsNotAMiss() {
        assertThat(compare("the tables were read", "the table were read")).isNotEmpty(); // a real loss of a letter
        assertThat(compare("San Francisco and St. Francis", "St. Francis and San Francisco"))
                .isEmpty();
        assertThat(compare("percent, of", "percent of")).isEmpty(); // punctuation is not a letter
    }

    @Test
    void alignsLongPagesByCuttingAtWordsFoundOnce() {
        StringBuilder ref = new StringBuilder();
        StringBuilder ours = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            ref.append(" w").append(i).append(" the");
            ours.append(" w").append(i).append(i == 4321 ? " he" : " the");
        }
        assertThat(compare(ref.toString(), ours.toString())).containsExactly(new MissingLetters.Miss(1, "the", "he"));
    }
}
