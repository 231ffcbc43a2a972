package dev.batch.worker.classify;

import java.util.ArrayList;
import java.util.List;

/** What a document shows of one concept. */
record Evidence(
        Concepts.Concept concept,
        int body,
        int distinct,
        String first,
        boolean title,
        boolean head,
        Signals.Kind structure,
        double structural,
        double contrary) {
    static Evidence of(Concepts.Concept c, String folded, String foldedTitle, String foldedHead, Signals signals) {
        Concepts.Hits hits = c.hits(folded);
        boolean title = c.hits(foldedTitle).count() > 0;
        boolean head = title && c.hits(foldedHead).count() > 0;
        Signals.Kind bestKind = null;
        double best = 0;
        for (Signals.Kind k : c.structures()) {
            if (signals.strength(k) > best) {
                best = signals.strength(k);
                bestKind = k;
            }
        }
        double contrary = 0;
        for (Signals.Kind k : c.against()) contrary = Math.max(contrary, signals.strength(k));
        return new Evidence(c, hits.count(), hits.distinct(), hits.first(), title, head, bestKind, best, contrary);
    }

    double strength() {
        double phrases = distinct / (distinct + 2.0)
                + 0.1 * Math.min(1, (body - distinct) / 10.0)
                + (title ? 0.4 : 0)
                + (head ? 0.3 : 0);
        // A form without fields or a letter without salutation or closing is mostly words about forms or letters.
        if (concept.needsStructure() && structural < 0.2) phrases = Math.min(phrases, 0.5);
        double shown = Math.min(1.0, Math.max(phrases, structural) + 0.25 * Math.min(phrases, structural));
        // the shape of another type (change counted out on an "invoice", a salutation on a "CV") halves it at most
        return shown * (1 - 0.5 * contrary);
    }

    String describe() {
        List<String> bits = new ArrayList<>();
        if (body > 0)
            bits.add((head ? "it calls itself " : title ? "the title and text say " : "the text says ") + "'" + first
                    + "'" + (body > 1 ? " (" + body + " times)" : ""));
        if (structure != null && structural > 0.2) bits.add(structure.label);
        return String.join(", ", bits);
    }
}
