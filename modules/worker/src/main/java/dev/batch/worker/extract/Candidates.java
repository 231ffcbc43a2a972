package dev.batch.worker.extract;

import dev.batch.worker.extract.ExtractDocument.Line;
import dev.batch.worker.extract.FieldConcepts.Kind;
import dev.batch.worker.extract.FieldConcepts.Place;
import java.util.ArrayList;
import java.util.List;

/**
 * The candidate values of a field and their evidence: a value of the field's kind right of one of
 * its labels in the same line (closer is better), or below a label (label above value); less, a
 * value of the kind with no label, where the kind says enough by itself (a date, an e-mail
 * address) or the concept knows where to look (a total at the bottom). A line whose excluding
 * label stands before the value ("Cash", "Change") counts against it. Position on the page adds
 * the concept's place (issuer at the top, totals at the bottom).
 */
final class Candidates {
    private Candidates() {}

    /** A value in line {@code line}, its score, the label it was found by (-1: none) and why. */
    record Candidate(int line, Values.Value value, int labelLine, Labels.Hit label, double score, String why) {}

    static final double SAME_LINE = 3;
    static final double BELOW = 2;
    static final double UNLABELLED = 0.6;

    static List<Candidate> of(DocIndex ix, FieldMeaning m) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < ix.size(); i++) {
            String folded = ix.folded.get(i);
            List<Labels.Hit> labels = Labels.find(folded, m.labels());
            List<Labels.Hit> excluding = Labels.excluding(folded, m.notLabels(), labels);
            boolean labelled = false;
            for (int h = 0; h < labels.size(); h++) {
                Labels.Hit hit = labels.get(h);
                int limit = h + 1 < labels.size() ? labels.get(h + 1).start() : Integer.MAX_VALUE;
                labelled |= sameLine(ix, m, i, hit, limit, excluding, out);
                if (!hasValueAfter(ix, m, i, hit)) below(ix, m, i, hit, out);
            }
            if (!labelled && excluding.isEmpty() && standsAlone(m)) {
                for (Values.Value v : Values.in(ix, i, m.kind(), 0)) {
                    out.add(new Candidate(
                            i, v, -1, null, UNLABELLED + place(ix, m, i) + v.quality(), "value without label"));
                }
            }
        }
        return out;
    }

    /** Values right of a label in its line, before the next label; false if there is none. */
    private static boolean sameLine(
            DocIndex ix,
            FieldMeaning m,
            int i,
            Labels.Hit hit,
            int limit,
            List<Labels.Hit> excluding,
            List<Candidate> out) {
        if (!standsAsLabel(ix.folded.get(i), hit, m)) return false;
        List<Values.Value> values = Values.in(ix, i, m.kind(), hit.end());
        int n = 0;
        for (Values.Value v : values) {
            if (v.start() >= limit && n > 0) break;
            boolean excluded = false;
            for (Labels.Hit x : excluding) if (x.start() < v.start()) excluded = true;
            double score = SAME_LINE
                    + specificity(hit)
                    + own(m, hit)
                    + echo(m, hit)
                    - 0.5 * n
                    - gapPenalty(ix.line(i), hit.end(), v.start());
            // a line of several values of the kind is a table row (a tax summary), less likely the one value asked for
            score -= 0.4 * Math.max(0, values.size() - 1);
            if (excluded) score -= excludedBy(excluding, v) ? 4 : 2.5;
            if (inclusive(ix.folded.get(i), hit)) score += 0.4;
            score += place(ix, m, i) + v.quality();
            out.add(new Candidate(
                    i,
                    v,
                    i,
                    hit,
                    score,
                    excluded
                            ? "label '" + hit.label() + "' with an excluding word"
                            : "right of label '" + hit.label() + "'"));
            n++;
        }
        return n > 0;
    }

    private static boolean hasValueAfter(DocIndex ix, FieldMeaning m, int i, Labels.Hit hit) {
        return !Values.in(ix, i, m.kind(), hit.end()).isEmpty();
    }

    /**
     * Label above value: the next line of the page, its values under the label first. Only for a label
     * that is its line (a column header among others labels a column, not the line below).
     */
    private static void below(DocIndex ix, FieldMeaning m, int i, Labels.Hit hit, List<Candidate> out) {
        int j = i + 1;
        if (!ix.samePage(i, j)) return;
        String line = ix.folded.get(i);
        String rest = (line.substring(0, hit.start()) + line.substring(hit.end())).replaceAll("[^\\p{L}\\p{N}]", "");
        if (rest.length() > 3 && !line.strip().endsWith(":")) return;
        List<Labels.Hit> excluding = Labels.excluding(ix.folded.get(j), m.notLabels(), List.of());
        Line label = ix.line(i);
        Box labelBox = label.boxOf(hit.start(), hit.end());
        for (Values.Value v : Values.in(ix, j, m.kind(), 0)) {
            if (excluding.stream().anyMatch(x -> x.start() < v.start())) continue;
            Box vb = ix.line(j).boxOf(v.start(), v.end());
            boolean under = labelBox == null
                    || vb == null
                    || (vb.x() < labelBox.right() + labelBox.w() && labelBox.x() < vb.right());
            double score = (under ? BELOW : BELOW - 0.8)
                    + specificity(hit)
                    + own(m, hit)
                    + echo(m, hit)
                    + place(ix, m, j)
                    + v.quality();
            out.add(new Candidate(j, v, i, hit, score, "below label '" + hit.label() + "'"));
        }
    }

    /** Kinds a value of which says what it is, and concepts that know where their value is without a label. */
    private static boolean standsAlone(FieldMeaning m) {
        return switch (m.kind()) {
            case DATE, EMAIL, URL, PHONE, CURRENCY -> !m.conceptName().equals("due_date");
            case AMOUNT -> m.conceptName().equals("total");
            default -> false;
        };
    }

    /** Whether a payment word (cash, change) stands before the value: those rule it out more than a subtotal does. */
    private static boolean excludedBy(List<Labels.Hit> excluding, Values.Value v) {
        for (Labels.Hit x : excluding) {
            if (x.start() < v.start() && (Totals.TENDERED.contains(x.label()) || Totals.CHANGE.contains(x.label())))
                return true;
        }
        return false;
    }

    /** "Total incl. GST", "Gesamt inkl. MwSt": a total said to include the taxes is the final one. */
    private static boolean inclusive(String folded, Labels.Hit hit) {
        String after = folded.substring(hit.end(), Math.min(folded.length(), hit.end() + 16));
        return after.matches("(?s)\\W*(?:\\p{L}+\\W+)?(?:incl|inclusive|including|inc|inkl|inklusive|ttc)\\b.*");
    }

    /**
     * Text has no shape of its own, so its label must stand as one: at the start of the line or before a
     * colon ("From: Acme", not "greetings from Acme").
     */
    private static boolean standsAsLabel(String folded, Labels.Hit hit, FieldMeaning m) {
        if (m.kind() != Kind.TEXT && m.kind() != Kind.ORGANISATION && m.kind() != Kind.ADDRESS) return true;
        boolean first = folded.substring(0, hit.start())
                .replaceAll("[^\\p{L}\\p{N}]", "")
                .isEmpty();
        return first || folded.substring(hit.end()).stripLeading().startsWith(":");
    }

    /** The field's own name as a label ("account number") says more than its concept's synonyms ("invoice no"). */
    private static double own(FieldMeaning m, Labels.Hit hit) {
        boolean ownWords =
                hit.label().equals(String.join(" ", Text.words(m.field().name())));
        return ownWords && (m.concept() == null || !m.concept().labels().contains(hit.label())) ? 1.5 : 0;
    }

    /** A label of several words the field's name or description says ("invoice date" for "date of the invoice"). */
    private static double echo(FieldMeaning m, Labels.Hit hit) {
        String[] words = hit.label().split(" ");
        if (words.length < 2) return 0;
        List<String> field = new ArrayList<>(Text.words(m.field().name()));
        field.addAll(Text.words(m.field().description()));
        for (String w : words) if (!field.contains(w)) return 0;
        return 0.6;
    }

    /** A label of several words ("total payable") says more than one word ("total"). */
    private static double specificity(Labels.Hit hit) {
        return Math.min(0.6, 0.2 * (hit.label().split(" ").length - 1));
    }

    /** A long way from label to value is weaker evidence, up to a point. */
    private static double gapPenalty(Line line, int from, int to) {
        String between = line.text().substring(Math.min(from, to), Math.max(from, to));
        long words = between.chars().filter(Character::isLetter).count();
        return Math.min(1.2, words * 0.12);
    }

    static double place(DocIndex ix, FieldMeaning m, int i) {
        double d = ix.depth(i);
        return switch (m.place()) {
            case TOP -> 1.2 * (1 - d);
            case BOTTOM -> 1.2 * d;
            case ANYWHERE -> 0;
        };
    }

    static boolean isPlace(FieldMeaning m, Place p) {
        return m.place() == p;
    }

    static boolean amountKind(FieldMeaning m) {
        return m.kind() == Kind.AMOUNT;
    }
}
