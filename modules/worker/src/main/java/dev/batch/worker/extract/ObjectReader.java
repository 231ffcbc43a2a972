package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one object of a schema from a document (or a page of it): scalar fields by
 * {@link FieldFinder}, nested objects field by field with the parent's name as context ("name"
 * under "vendor"), arrays of objects from tables or item lines ({@link TableRows}), arrays of
 * scalars as every well-evidenced value. Fills the result object and its field metadata side by side.
 */
final class ObjectReader {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final DocIndex ix;
    private final FieldFinder finder;
    private final List<FieldFinder> others;
    private final boolean cite;
    private final boolean confidence;

    ObjectReader(DocIndex ix, boolean cite, boolean confidence) {
        this(ix, List.of(), cite, confidence);
    }

    /** {@code others}: other readings of the document; a field takes their answer when it is clearly surer. */
    ObjectReader(DocIndex ix, List<DocIndex> others, boolean cite, boolean confidence) {
        this.ix = ix;
        this.finder = new FieldFinder(ix);
        this.others = others.stream().map(FieldFinder::new).toList();
        this.cite = cite;
        this.confidence = confidence;
    }

    /** The first reading's answer, or the other readings' by {@link ReadingVote}. */
    private Answer answer(FieldMeaning m) {
        Answer a = finder.find(m);
        if (others.isEmpty()) return a;
        List<Answer> all = new ArrayList<>(List.of(a));
        for (FieldFinder other : others) all.add(other.find(m));
        return ReadingVote.of(m, all);
    }

    /** The object and its metadata for {@code fields}; {@code context}: the words of the enclosing fields. */
    void read(List<FieldSpec> fields, String context, ObjectNode value, ObjectNode metadata) {
        for (FieldSpec f : fields) {
            FieldSpec inContext = TableRows.withContext(f, context);
            switch (f.type()) {
                case "object" -> {
                    ObjectNode v = value.putObject(f.name());
                    ObjectNode m = metadata.putObject(f.name());
                    read(f.properties(), words(context, f), v, m);
                }
                case "array" -> array(f, context, value, metadata);
                default -> {
                    Answer a = answer(FieldMeaning.of(inContext, false));
                    value.set(f.name(), Coerce.to(f, a.value()));
                    metadata.set(
                            f.name(),
                            (a.found() && Coerce.to(f, a.value()).isNull()
                                            ? Answer.none(
                                                    "found '" + a.value().asText() + "', which is no " + f.type(), 0.1)
                                            : a)
                                    .metadata(cite, confidence));
                }
            }
        }
    }

    private void array(FieldSpec f, String context, ObjectNode value, ObjectNode metadata) {
        ArrayNode values = value.putArray(f.name());
        ArrayNode meta = metadata.putArray(f.name());
        if (f.isArrayOfObjects()) {
            for (Map<String, Answer> row : TableRows.rows(ix, f.items().properties(), words(context, f))) {
                rowInto(f.items().properties(), row, values.addObject(), meta.addObject());
            }
            return;
        }
        if (f.items() == null || !f.items().isScalar()) return;
        FieldSpec item = TableRows.withContext(
                new FieldSpec(
                        f.name(),
                        f.description(),
                        f.items().type(),
                        f.items().format(),
                        f.items().enumValues(),
                        List.of(),
                        null),
                context);
        for (Answer a : finder.all(FieldMeaning.of(item, false))) {
            if (Coerce.to(item, a.value()).isNull()) continue;
            values.add(Coerce.to(item, a.value()));
            meta.add(a.metadata(cite, confidence));
        }
    }

    /** One row's answers into an object and its metadata, in the row schema's field order. */
    void rowInto(List<FieldSpec> fields, Map<String, Answer> row, ObjectNode value, ObjectNode metadata) {
        for (FieldSpec f : fields) {
            Answer a = row.get(f.name());
            if (a == null || !f.isScalar()) {
                value.putNull(f.name());
                metadata.set(
                        f.name(), Answer.none("not read from table rows", 0.05).metadata(cite, confidence));
                continue;
            }
            value.set(f.name(), Coerce.to(f, a.value()));
            metadata.set(f.name(), a.metadata(cite, confidence));
        }
    }

    private static String words(String context, FieldSpec f) {
        String own = String.join(" ", Text.words(f.name()));
        return context == null || context.isBlank() ? own : context + " " + own;
    }

    static ObjectNode object() {
        return F.objectNode();
    }
}
