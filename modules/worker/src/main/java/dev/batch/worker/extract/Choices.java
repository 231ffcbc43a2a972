package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Set;

/**
 * Fields whose answer is one of a few: an enum value the document states (near the field's label
 * when it has one, and the enum value's own words, folded, as written), and a yes/no after the
 * field's label ("Paid: yes", a ticked box). Nothing stated: null, never a guess among the options.
 */
final class Choices {
    private Choices() {}

    private static final Set<String> YES =
            Set.of("yes", "y", "true", "ja", "oui", "si", "sim", "x", "☑", "☒", "✓", "✔");
    private static final Set<String> NO = Set.of("no", "n", "false", "nein", "non", "nao", "☐", "□");

    static Answer enumValue(DocIndex ix, FieldMeaning m) {
        FieldFinder finder = new FieldFinder(ix);
        double best = 0;
        Answer answer = null;
        for (String option : m.enumValues()) {
            List<String> phrases = List.of(String.join(" ", Text.words(option)));
            if (phrases.get(0).isEmpty()) continue;
            for (int i = 0; i < ix.size(); i++) {
                String folded = ix.folded.get(i);
                List<Labels.Hit> hits = Labels.find(folded, phrases);
                if (hits.isEmpty()) continue;
                boolean labelled = !Labels.find(folded, m.labels()).isEmpty()
                        || (i > 0
                                && !Labels.find(ix.folded.get(i - 1), m.labels())
                                        .isEmpty());
                double score = (labelled ? 3 : 1.5) + Candidates.place(ix, m, i);
                if (score > best) {
                    best = score;
                    Labels.Hit h = hits.get(0);
                    answer = new Answer(
                            JsonNodeFactory.instance.textNode(option),
                            FieldFinder.confidence(score, labelled ? 1.5 : 0.5),
                            List.of(finder.cite(i, h.start(), h.end())),
                            labelled
                                    ? "option '" + option + "' stated by the field's label"
                                    : "option '" + option + "' in the text");
                }
            }
        }
        return answer != null ? answer : Answer.none("none of the options appears in the document", 0.05);
    }

    static Answer yesNo(DocIndex ix, FieldMeaning m) {
        FieldFinder finder = new FieldFinder(ix);
        for (int i = 0; i < ix.size(); i++) {
            String folded = ix.folded.get(i);
            List<Labels.Hit> hits = Labels.find(folded, m.labels());
            for (Labels.Hit h : hits) {
                String after = folded.substring(h.end()).replaceAll("^[\\s:=\\-]+", "");
                String word = after.isEmpty() ? "" : after.split("[\\s,;.]+")[0];
                String before = folded.substring(0, h.start()).strip();
                String mark = before.isEmpty() ? "" : before.substring(before.length() - 1);
                JsonNode v = YES.contains(word) || YES.contains(mark)
                        ? BooleanNode.TRUE
                        : NO.contains(word) || NO.contains(mark) ? BooleanNode.FALSE : null;
                if (v != null) {
                    return new Answer(
                            v,
                            0.8,
                            List.of(finder.cite(i, h.start(), Math.min(folded.length(), h.end() + 1 + word.length()))),
                            "'" + word + mark + "' by the label '" + h.label() + "'");
                }
            }
        }
        return Answer.none("no yes/no stated by a label like '" + m.labels().get(0) + "'", 0.05);
    }
}
