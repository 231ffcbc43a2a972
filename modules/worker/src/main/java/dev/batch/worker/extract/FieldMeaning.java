package dev.batch.worker.extract;

import dev.batch.worker.extract.FieldConcepts.Concept;
import dev.batch.worker.extract.FieldConcepts.Cue;
import dev.batch.worker.extract.FieldConcepts.Kind;
import dev.batch.worker.extract.FieldConcepts.Place;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What a schema field asks for: the concept its name and description cue (its name counting
 * double), the labels to look for in the document (the concept's, and the field's own words), the
 * labels that rule a value out, the kind of value its type and format allow, and where it usually
 * sits. A field about an attribute of something ("merchant address", "store phone") means the
 * attribute; the thing it belongs to is kept as its {@code owner}.
 */
record FieldMeaning(
        FieldSpec field,
        Concept concept,
        Concept owner,
        List<String> labels,
        List<String> notLabels,
        Kind kind,
        Place place,
        List<String> enumValues) {

    /** Attributes win over the parties and amounts they qualify. */
    private static final Set<String> ATTRIBUTES = Set.of(
            "address",
            "phone",
            "email",
            "website",
            "tax_id",
            "date",
            "due_date",
            "number",
            "currency",
            "payment",
            "tax",
            "subtotal");

    private static final Set<String> PARTIES = Set.of("issuer", "customer");
    private static final Set<String> ROW_ONLY = Set.of("item_description", "quantity", "unit_price", "line_amount");
    private static final double ENOUGH = 0.8;

    /** The meaning of a field; {@code inRow}: a column of a table row (line items), where row concepts apply. */
    static FieldMeaning of(FieldSpec field, boolean inRow) {
        String name = String.join(" ", Text.words(field.name()));
        String description = String.join(" ", Text.words(field.description()));
        record Scored(Concept concept, double score, double inName) {}
        List<Scored> scored = new ArrayList<>();
        for (Concept c : FieldConcepts.ALL) {
            if (!inRow && ROW_ONLY.contains(c.name())) continue;
            double inName = score(c, name);
            double s = 2 * inName + score(c, description);
            if (inRow && ROW_ONLY.contains(c.name())) s *= 1.3;
            if (ATTRIBUTES.contains(c.name())) s *= 1.3;
            // a description alone must cue a concept clearly: "bank account to pay into" is no total
            if (s >= ENOUGH && (inName > 0 || s >= 2)) scored.add(new Scored(c, s, inName));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        Concept concept = scored.isEmpty() ? null : scored.get(0).concept();
        Concept owner = null;
        if (concept != null && !PARTIES.contains(concept.name())) {
            for (Scored s : scored) {
                if (PARTIES.contains(s.concept().name()) && s.inName() > 0) {
                    owner = s.concept();
                    break;
                }
            }
        }
        List<String> labels = new ArrayList<>();
        if (!name.isBlank()) labels.add(name);
        if (concept != null) for (String l : concept.labels()) if (!labels.contains(l)) labels.add(l);
        labels.sort(Comparator.comparingInt(String::length).reversed()); // longest first: "grand total" before "total"
        List<String> notLabels = concept == null ? List.of() : concept.notLabels();
        Kind kind = kind(field, concept);
        Place place = concept == null ? Place.ANYWHERE : concept.place();
        if (owner != null && owner.name().equals("customer")) place = Place.ANYWHERE;
        return new FieldMeaning(field, concept, owner, List.copyOf(labels), notLabels, kind, place, field.enumValues());
    }

    /** How strongly a concept's cues occur in folded words joined by spaces: each word counts once, by its best cue. */
    private static double score(Concept c, String words) {
        if (words.isBlank()) return 0;
        double s = 0;
        for (Cue cue : c.cues()) {
            if ((cue.text().contains(" ")
                            || !Character.isLetterOrDigit(cue.text().charAt(0)))
                    && Text.find(words, cue.text(), 0) >= 0) s += cue.weight();
        }
        for (String w : words.split(" ")) {
            double best = 0;
            for (Cue cue : c.cues()) {
                if (!cue.text().contains(" ") && Text.wordMeans(w, cue.text())) best = Math.max(best, cue.weight());
            }
            s += best;
        }
        return s;
    }

    /** The kind of value: the schema's type and format first, then the concept's. */
    private static Kind kind(FieldSpec f, Concept concept) {
        Kind fromConcept = concept == null ? null : concept.kind();
        String format = f.format().toLowerCase();
        if (format.equals("date") || format.equals("date-time")) return Kind.DATE;
        if (format.equals("email")) return Kind.EMAIL;
        if (format.equals("uri") || format.equals("url")) return Kind.URL;
        if (f.type().equals("number") || f.type().equals("integer")) {
            return fromConcept == Kind.QUANTITY ? Kind.QUANTITY : Kind.AMOUNT;
        }
        if (f.type().equals("boolean")) return Kind.TEXT;
        return fromConcept == null ? Kind.TEXT : fromConcept;
    }

    String conceptName() {
        return concept == null ? "" : concept.name();
    }
}
