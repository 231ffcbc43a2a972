package dev.batch.worker.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.batch.worker.parse.OcrLayout;
import dev.batch.worker.parse.ParsedDocument;
import java.util.List;

/**
 * A document as the extractor reads it: pages of lines in reading order, each line with the pieces
 * of text it is made of (OCR words, PDF items, table cells) and, where the source has geometry,
 * their boxes; and the tables found on each page. Built from a parse result (the v2 JSON of
 * {@code GET /api/v2/parse/{id}}, or a {@link ParsedDocument}) or from OCR with word boxes; a scan may
 * carry {@code otherReadings}, the same pages read by OCR another way.
 */
public record ExtractDocument(List<Page> pages, List<ExtractDocument> otherReadings) {
    private static final ObjectMapper SNAKE =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** A document read once. */
    public ExtractDocument(List<Page> pages) {
        this(pages, List.of());
    }

    /** This document with another reading of it (OCR read another way), whose answers may be surer. */
    public ExtractDocument withOtherReading(ExtractDocument other) {
        return new ExtractDocument(pages, List.of(other));
    }

    /** A page; width and height are 0 when the source has no geometry. */
    public record Page(int number, float width, float height, List<Line> lines, List<Table> tables) {
        /** Where a line sits from the top (0) to the bottom (1) of its page: by its box, or by its place in the text. */
        double depth(Line line) {
            if (line.box() != null && height > 0)
                return Math.min(1, Math.max(0, line.box().y() / height));
            return lines.size() <= 1 ? 0 : (double) line.index() / (lines.size() - 1);
        }
    }

    /** A run of text: a line's characters {@code start} to {@code end}, and where it is (null: unknown). */
    public record Piece(int start, int end, Box box) {}

    /**
     * A line of text on page {@code page}, {@code index} in its page's reading order; {@code confidence}:
     * how sure OCR was of its words (0-1; 1 for text a file holds).
     */
    public record Line(int page, int index, String text, List<Piece> pieces, Box box, double confidence) {
        /** The box of characters {@code start} to {@code end}: the union of the pieces they touch. */
        Box boxOf(int start, int end) {
            Box out = null;
            for (Piece p : pieces) {
                if (p.end() > start && p.start() < end && p.box() != null) out = Box.union(out, p.box());
            }
            return out == null ? box : out;
        }

        /** The piece that holds character {@code at}, or -1. */
        int pieceAt(int at) {
            for (int i = 0; i < pieces.size(); i++) {
                if (pieces.get(i).start() <= at && at < pieces.get(i).end()) return i;
            }
            return -1;
        }
    }

    /** A table: its cells row by row; {@code rowLines}: each row as a line of its page (for citations). */
    public record Table(int page, List<List<String>> rows, List<Line> rowLines, Box box) {}

    /** The v2 parse result's JSON: {@code pages} with {@code page_number}, {@code items} (with {@code bbox}), sizes. */
    public static ExtractDocument ofParseResult(JsonNode parse) {
        return ParsedPages.read(parse);
    }

    /** A parsed document, as its parse result would store it. */
    public static ExtractDocument of(ParsedDocument parsed) {
        return ofParseResult(SNAKE.valueToTree(parsed));
    }

    /** An image read by OCR with word boxes: one page. */
    public static ExtractDocument ofOcr(OcrLayout.Page page) {
        return new ExtractDocument(List.of(OcrRows.page(1, page)));
    }

    /** All lines of all pages, in order. */
    List<Line> lines() {
        return pages.stream().flatMap(p -> p.lines().stream()).toList();
    }

    Page page(int number) {
        for (Page p : pages) if (p.number() == number) return p;
        throw new IllegalArgumentException("no page " + number);
    }

    /** The whole text, pages joined by blank lines. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (Page p : pages) {
            if (b.length() > 0) b.append("\n\n");
            for (Line l : p.lines()) b.append(l.text()).append('\n');
        }
        return b.toString();
    }
}
