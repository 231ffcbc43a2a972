package dev.batch.tools.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The Levenshtein ratio the py-pdf benchmark reports (python-Levenshtein's {@code ratio}): 1 − indel
 * distance / (|a| + |b|), computed from the longest common subsequence with Hyyrö's bit-parallel
 * algorithm, so book-length texts take seconds, not hours.
 */
final class Levenshtein {
    private Levenshtein() {}

    static double ratio(String a, String b) {
        if (a.isEmpty() && b.isEmpty()) return 1.0;
        long lcs = lcs(a, b);
        return 2.0 * lcs / (a.length() + b.length());
    }

    /** Whitespace runs collapsed to one space, trimmed. */
    static String collapse(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    static long lcs(String a, String b) {
        if (a.length() < b.length()) {
            String t = a;
            a = b;
            b = t;
        }
        int n = b.length(); // bit vectors over the shorter string
        int words = (n + 63) >>> 6;
        Map<Character, long[]> masks = new HashMap<>();
        for (int i = 0; i < n; i++) {
            masks.computeIfAbsent(b.charAt(i), c -> new long[words])[i >>> 6] |= 1L << (i & 63);
        }
        long[] v = new long[words];
        Arrays.fill(v, -1L);
        long[] zero = new long[words];
        for (int j = 0; j < a.length(); j++) {
            long[] m = masks.getOrDefault(a.charAt(j), zero);
            long carry = 0;
            for (int w = 0; w < words; w++) {
                long u = v[w] & m[w];
                long sum = v[w] + u + carry;
                carry = Long.compareUnsigned(sum, v[w]) < 0 || (carry == 1 && sum == v[w]) ? 1 : 0;
                v[w] = sum | (v[w] - u);
            }
        }
        long zeros = 0;
        for (int w = 0; w < words; w++) {
            long bits = ~v[w];
            if (w == words - 1 && (n & 63) != 0) bits &= (1L << (n & 63)) - 1;
            zeros += Long.bitCount(bits);
        }
        return zeros;
    }
}
