package dev.batch.tools.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many of our relations the ground truth has too, compared as multisets: {@code matched} of {@code found}
 * found and {@code expected} expected. Scores of documents add up to the pooled score.
 */
record RelationScore(int matched, int found, int expected) {
    static final RelationScore NONE = new RelationScore(0, 0, 0);

    static RelationScore of(List<String> found, List<String> expected) {
        Map<String, Integer> left = new HashMap<>();
        for (String e : expected) left.merge(e, 1, Integer::sum);
        int matched = 0;
        for (String f : found) {
            Integer n = left.get(f);
            if (n != null && n > 0) {
                matched++;
                left.put(f, n - 1);
            }
        }
        return new RelationScore(matched, found.size(), expected.size());
    }

    RelationScore plus(RelationScore other) {
        return new RelationScore(matched + other.matched, found + other.found, expected + other.expected);
    }

    double precision() {
        return found == 0 ? 0 : (double) matched / found;
    }

    double recall() {
        return expected == 0 ? 0 : (double) matched / expected;
    }

    double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
