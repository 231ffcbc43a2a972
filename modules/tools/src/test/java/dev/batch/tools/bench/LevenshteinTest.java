package dev.batch.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LevenshteinTest {
    @Test
    void agreesWithTheTextbookLongestCommonSubsequence() {
        assertThat(Levenshtein.lcs("abcde", "ace")).isEqualTo(3);
        assertThat(Levenshtein.ratio("kitten", "sitting")).isEqualTo(2.0 * 4 / 13);
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            String a = randomText(random, random.nextInt(300));
            String b = randomText(random, random.nextInt(300));
            assertThat(Levenshtein.lcs(a, b)).as(a + " / " + b).isEqualTo(dp(a, b));
        }
    }

    private static String randomText(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append("abcd ".charAt(r.nextInt(5)));
        return b.toString();
    }

    private static long dp(String a, String b) {
        int[][] t = new int[a.length() + 1][b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                t[i][j] = a.charAt(i - 1) == b.charAt(j - 1) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
            }
        }
        return t[a.length()][b.length()];
    }
}
