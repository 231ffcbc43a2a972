package dev.batch.worker.parse;

import java.util.List;

/**
 * Whether two tables on facing pages have the same columns: as many, the tables about as wide, and each column's
 * middle inside the other table's same column, where they stand or moved as a whole (a table set a little further
 * right on odd pages).
 */
final class TableColumns {
    private TableColumns() {}

    static boolean lineUp(Item.Table a, Item.Table b) {
        if (a.rows().isEmpty() || b.rows().isEmpty()) return false;
        int n = a.rows().get(0).size();
        if (n < 2 || b.rows().get(0).size() != n) return false;
        Item.BBox ba = PageEdges.box(a), bb = PageEdges.box(b);
        if (ba == null || bb == null) return false;
        if (Math.abs(ba.w() - bb.w()) > Math.max(12, 0.1f * Math.max(ba.w(), bb.w()))) return false;
        float left = bb.x() - ba.x(), right = bb.x() + bb.w() - ba.x() - ba.w();
        List<Float> ca = a.columns(), cb = b.columns();
        if (ca == null || cb == null || ca.size() != 2 * n || cb.size() != 2 * n)
            return Math.abs(left) <= 6 && Math.abs(right) <= 6;
        for (float shift : new float[] {0, left, right})
            if (inside(ca, cb, shift) && inside(cb, ca, -shift)) return true;
        return false;
    }

    /** Whether the middle of each column of {@code b}, moved back by {@code shift}, is inside that column of {@code a}. */
    private static boolean inside(List<Float> a, List<Float> b, float shift) {
        for (int k = 0; k < a.size(); k += 2) {
            float middle = (b.get(k) + b.get(k + 1)) / 2 - shift;
            if (middle < a.get(k) - 1 || middle > a.get(k + 1) + 1) return false;
        }
        return true;
    }
}
