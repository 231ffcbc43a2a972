package dev.batch.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two word sequences aligned on their longest common subsequence: the stretches where they differ.
 * Long pages are cut at a word found once in each (nearest the middle) until the dynamic programme
 * fits in {@link #CELLS} cells.
 */
public final class WordAlignment {
    /** Words {@code a[aFrom, aTo)} stand where {@code b[bFrom, bTo)} stand: at least one side is not empty. */
    public record Stretch(int aFrom, int aTo, int bFrom, int bTo) {}

    static final long CELLS = 4_000_000L;

    private WordAlignment() {}

    public static List<Stretch> differing(String[] a, String[] b) {
        List<Stretch> out = new ArrayList<>();
        diff(a, 0, a.length, b, 0, b.length, out);
        return out;
    }

    private static void diff(String[] a, int a0, int a1, String[] b, int b0, int b1, List<Stretch> out) {
        while (a0 < a1 && b0 < b1 && a[a0].equals(b[b0])) {
            a0++;
            b0++;
        }
        while (a1 > a0 && b1 > b0 && a[a1 - 1].equals(b[b1 - 1])) {
            a1--;
            b1--;
        }
        if (a0 == a1 || b0 == b1) {
            if (a0 < a1 || b0 < b1) out.add(new Stretch(a0, a1, b0, b1));
            return;
        }
        if ((long) (a1 - a0) * (b1 - b0) <= CELLS) {
            lcs(a, a0, a1, b, b0, b1, out);
            return;
        }
        int[] anchor = anchor(a, a0, a1, b, b0, b1);
        if (anchor == null) {
            out.add(new Stretch(a0, a1, b0, b1));
            return;
        }
        diff(a, a0, anchor[0], b, b0, anchor[1], out);
        diff(a, anchor[0] + 1, a1, b, anchor[1] + 1, b1, out);
    }

    /** A word found exactly once in each range, the one nearest the middle of {@code a}'s; null when none. */
    private static int[] anchor(String[] a, int a0, int a1, String[] b, int b0, int b1) {
        Map<String, Integer> inA = once(a, a0, a1);
        Map<String, Integer> inB = once(b, b0, b1);
        int mid = (a0 + a1) / 2;
        int[] best = null;
        for (Map.Entry<String, Integer> e : inA.entrySet()) {
            Integer j = inB.get(e.getKey());
            if (j == null || j < 0 || e.getValue() < 0) continue;
            if (best == null || Math.abs(e.getValue() - mid) < Math.abs(best[0] - mid))
                best = new int[] {e.getValue(), j};
        }
        return best;
    }

    /** Each word of the range with its index, or -1 for a word found more than once. */
    private static Map<String, Integer> once(String[] s, int from, int to) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = from; i < to; i++) m.merge(s[i], i, (x, y) -> -1);
        return m;
    }

    private static void lcs(String[] a, int a0, int a1, String[] b, int b0, int b1, List<Stretch> out) {
        int n = a1 - a0;
        int m = b1 - b0;
        // suffix lengths: len[i][j] = LCS of a[a0+i..] and b[b0+j..]
        int[][] len = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] =
                        a[a0 + i].equals(b[b0 + j]) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        int si = 0;
        int sj = 0;
        while (i < n && j < m) {
            if (a[a0 + i].equals(b[b0 + j])) {
                if (si < i || sj < j) out.add(new Stretch(a0 + si, a0 + i, b0 + sj, b0 + j));
                i++;
                j++;
                si = i;
                sj = j;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        if (si < n || sj < m) out.add(new Stretch(a0 + si, a1, b0 + sj, b1));
    }
}
