package dev.batch.worker.parse;

import java.util.HashMap;
import java.util.Map;

/** How much of a document's text is set in each type size and weight: the most of it is the body text. */
final class FontSizes {
    private final Map<Integer, Long> letters = new HashMap<>();

    /** The body text's style: its size in points (to a tenth) and whether it is bold. */
    record Body(float size, boolean bold) {}

    void add(PdfLayout.Line line) {
        for (PdfLayout.Word w : line.words) {
            int key = Math.round(w.fontSize() * 10) * 2 + (w.bold() ? 1 : 0);
            letters.merge(key, (long) w.text().strip().length(), Long::sum);
        }
    }

    /** The style of most characters, or null for a document without a text layer. */
    Body body() {
        int best = -1;
        long most = 0;
        for (Map.Entry<Integer, Long> e : letters.entrySet()) {
            if (e.getValue() > most || (e.getValue() == most && e.getKey() < best)) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best < 0 ? null : new Body((best / 2) / 10f, best % 2 == 1);
    }
}
