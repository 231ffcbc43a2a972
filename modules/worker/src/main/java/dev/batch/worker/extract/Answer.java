package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The answer for one scalar field: its value (JSON null when nothing was found), how sure the
 * extractor is (0 to 1), where in the document the value is, and why it was chosen.
 */
record Answer(JsonNode value, double confidence, List<Citation> citations, String reasoning) {
    /** Where a value was read: page, the text as it stands there, its box and the page's size (0: unknown). */
    record Citation(int page, String matchingText, Box box, float pageWidth, float pageHeight) {
        ObjectNode json() {
            ObjectNode c = JsonNodeFactory.instance.objectNode();
            c.put("page", page);
            c.put("matching_text", matchingText);
            if (box != null) {
                c.set("bbox", box.json());
                c.putArray("bounding_boxes").add(box.json());
            } else {
                c.putNull("bbox");
            }
            if (pageWidth > 0 && pageHeight > 0) {
                ObjectNode d = c.putObject("page_dimensions");
                d.put("width", pageWidth);
                d.put("height", pageHeight);
            }
            return c;
        }
    }

    static Answer none(String reasoning, double confidence) {
        return new Answer(NullNode.getInstance(), confidence, List.of(), reasoning);
    }

    boolean found() {
        return value != null && !value.isNull();
    }

    Answer withValue(JsonNode v) {
        return new Answer(v, confidence, citations, reasoning);
    }

    /** The field's metadata entry: citation and confidence as asked for, and the reasoning. */
    ObjectNode metadata(boolean cite, boolean confidenceScores) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        if (cite) {
            ArrayNode a = m.putArray("citation");
            for (Citation c : citations) a.add(c.json());
        }
        if (confidenceScores) {
            double rounded = Math.round(confidence * 1000) / 1000.0;
            m.put("confidence", rounded);
            m.put("extraction_confidence", rounded);
        }
        m.put("reasoning", reasoning);
        return m;
    }
}
