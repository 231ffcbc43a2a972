package dev.batch.worker.classify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.worker.extract.DocumentShape;
import dev.batch.worker.extract.ExtractDocument;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The built-in classifier: no network, no language model. Each rule becomes a weighted query, from
 * its type and description: the concepts of the thesaurus its words cue ({@link Concepts}), and its
 * own content terms (Lucene's English analysis). Weights follow rarity among the job's rules, so
 * what every rule says counts little, and the type's own words count double. A document answers
 * with evidence per concept (phrases in its language, in the body and, counting more, in its title
 * and headings; typical structures from {@link Signals}, among them the shape the extractor's engine
 * reads, {@link DocumentShape}, which rules' words about layout are matched by, {@link LayoutConcepts})
 * and per term (saturated term frequency).
 * A rule's score is the share of its weighted query the document covers; scores become
 * probabilities by a softmax that includes "none of these", so a document that fits no rule gets
 * {@code type: null} and a low confidence instead of a forced guess.
 */
public final class Classifier {
    /** How sharply probabilities follow score differences. */
    private static final double SHARPNESS = 12;
    /** The score "none of these" competes with: below it, a rule explains too little of the document. */
    private static final double NONE = 0.16;

    /** A rule as the job gives it. */
    public record Rule(String type, String description) {}

    /** The answer for one document. */
    public record Result(String type, double confidence, String reasoning, Map<String, Double> scores) {}

    /** A document as the classifier sees it. */
    public record Doc(String text, String title, String head, String language, int pages, Signals signals) {
        /** From a stored parse result (the v2 shapes: pages with text and items). */
        public static Doc of(JsonNode parse, String name, String languageHint, boolean layout) {
            StringBuilder text = new StringBuilder();
            StringBuilder title = new StringBuilder(name == null ? "" : name.replaceAll("[._-]+", " ")).append('\n');
            int tables = 0;
            int images = 0;
            int headings = 0;
            for (JsonNode page : parse.path("pages")) {
                text.append(page.path("text").asText("")).append('\n');
                for (JsonNode item : page.path("items")) {
                    String type = item.path("type").asText();
                    if (type.equals("heading") && headings++ < 12)
                        title.append(item.path("value").asText()).append('\n');
                    if (type.equals("table")) tables++;
                    if (type.equals("image")) images++;
                }
            }
            String body = text.toString();
            title.append(body, 0, Math.min(body.length(), 400));
            // What the document calls itself: its first heading and first lines ("INVOICE", "Minutes of ...").
            StringBuilder head = new StringBuilder(firstHeading(parse)).append('\n');
            int lines = 0;
            for (String line : body.split("\n")) {
                if (line.isBlank()) continue;
                head.append(line.strip()).append('\n');
                if (++lines == 3 || head.length() > 200) break;
            }
            Signals signals = Signals.of(body);
            signals.add(DocumentShape.of(ExtractDocument.ofParseResult(parse)));
            // A PDF's own form fields are part of its file, not of how it looks: both modes use them.
            signals.add(
                    Signals.Kind.FORM_FIELDS,
                    parse.path("document_metadata").path("pdf:formFields").asInt(0));
            if (layout) {
                signals.add(Signals.Kind.TABLES, tables);
                signals.add(Signals.Kind.IMAGES, images + parse.path("images").size());
                Layout.read(parse, signals);
            }
            return new Doc(
                    body,
                    title.toString(),
                    head.toString(),
                    Analysis.language(body, languageHint),
                    parse.path("pages").size(),
                    signals);
        }

        /** This document as its words and text structures show it, without what its shape adds. */
        Doc withoutShape() {
            return new Doc(text, title, head, language, pages, signals.withoutShape());
        }

        private static String firstHeading(JsonNode parse) {
            for (JsonNode page : parse.path("pages")) {
                for (JsonNode item : page.path("items"))
                    if (item.path("type").asText().equals("heading"))
                        return item.path("value").asText();
            }
            return "";
        }
    }

    public Result classify(Doc doc, List<Rule> rules) {
        if (doc.text().isBlank()) {
            return new Result(
                    null,
                    0.0,
                    "The document has no readable text"
                            + (doc.pages() == 0
                                    ? "."
                                    : " on the pages read;" + " a scanned document needs OCR (mode MULTIMODAL)."),
                    Map.of());
        }
        Prepared prepared = Prepared.of(doc);
        Map<Concepts.Concept, Evidence> evidence = new HashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, List<String>> why = new HashMap<>();
        for (RuleQuery q : RuleQuery.of(rules)) {
            Score score = score(q, prepared, evidence);
            scores.put(q.rule().type(), round(score.value()));
            why.put(q.rule().type(), score.why());
        }
        return answer(scores, why);
    }

    /** A document prepared for scoring: its text, title and head folded, its term frequencies, its title's terms. */
    private record Prepared(
            Doc doc,
            String folded,
            String foldedTitle,
            String foldedHead,
            Map<String, Integer> tf,
            Set<String> inTitle) {
        static Prepared of(Doc doc) {
            Map<String, Integer> tf = new HashMap<>();
            for (String t : Analysis.terms(doc.text(), doc.language())) tf.merge(t, 1, Integer::sum);
            if (!doc.language().equals("en")) for (String t : Analysis.terms(doc.text(), "en")) tf.putIfAbsent(t, 1);
            Set<String> inTitle = new HashSet<>(Analysis.terms(doc.title(), doc.language()));
            return new Prepared(
                    doc, Analysis.fold(doc.text()), Analysis.fold(doc.title()), Analysis.fold(doc.head()), tf, inTitle);
        }
    }

    /** How much of a rule's query a document covers, and what speaks for it (at most four reasons, strongest first). */
    private record Score(double value, List<String> why) {}

    /** Scores one rule; {@code evidence} keeps what the document shows of each concept, for the next rules. */
    private static Score score(RuleQuery q, Prepared d, Map<Concepts.Concept, Evidence> evidence) {
        double total = 0;
        double got = 0;
        List<Contribution> parts = new ArrayList<>();
        for (var e : q.concepts().entrySet()) {
            Evidence ev = evidence.computeIfAbsent(
                    e.getKey(),
                    c -> Evidence.of(
                            c,
                            d.folded(),
                            d.foldedTitle(),
                            d.foldedHead(),
                            d.doc().signals()));
            // a shape not seen costs half: a reading may miss a layout that words cannot hide
            total += e.getKey().shapeOnly() ? e.getValue() * (0.5 + 0.5 * ev.strength()) : e.getValue();
            got += e.getValue() * ev.strength();
            if (ev.strength() > 0.2 && parts.stream().noneMatch(x -> x.text().equals(ev.describe()))) {
                parts.add(new Contribution(e.getValue() * ev.strength(), ev.describe()));
            }
        }
        double termTotal = 0;
        double termGot = 0;
        for (var e : q.terms().entrySet()) {
            int n = d.tf().getOrDefault(e.getKey(), 0);
            double s = Math.min(1.0, n / (n + 1.5) + (d.inTitle().contains(e.getKey()) ? 0.3 : 0));
            termTotal += e.getValue();
            termGot += e.getValue() * s;
            if (s > 0.5 && parts.size() < 12)
                parts.add(new Contribution(0.25 * e.getValue() * s, "'" + e.getKey() + "' (" + n + "x)"));
        }
        double conceptShare = total == 0 ? 0 : got / total;
        double termShare = termTotal == 0 ? 0 : termGot / termTotal;
        double score = total == 0 ? termShare : 0.75 * conceptShare + 0.25 * termShare;
        parts.sort(Comparator.comparingDouble(Contribution::weight).reversed());
        return new Score(score, parts.stream().limit(4).map(Contribution::text).toList());
    }

    /** The answer from the rules' scores: a softmax over the rules and "none of these". */
    private static Result answer(Map<String, Double> scores, Map<String, List<String>> why) {
        double max = Math.max(
                NONE,
                scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
        double none = Math.exp(SHARPNESS * (NONE - max));
        double sum = none;
        Map<String, Double> p = new LinkedHashMap<>();
        for (var e : scores.entrySet()) {
            double v = Math.exp(SHARPNESS * (e.getValue() - max));
            p.put(e.getKey(), v);
            sum += v;
        }
        String best = null;
        double bestP = 0;
        for (var e : p.entrySet()) {
            double v = e.getValue() / sum;
            e.setValue(v);
            if (v > bestP) {
                bestP = v;
                best = e.getKey();
            }
        }
        List<Map.Entry<String, Double>> ranked = p.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .toList();
        String runnerUp = ranked.size() > 1
                ? ranked.get(1).getKey() + " (" + pct(ranked.get(1).getValue()) + ")"
                : null;
        if (best == null || none / sum >= bestP) {
            String closest = ranked.isEmpty()
                    ? "none"
                    : ranked.get(0).getKey() + " (" + pct(ranked.get(0).getValue()) + ")";
            return new Result(
                    null,
                    round(bestP),
                    "No rule fits well: the closest is " + closest
                            + (why.getOrDefault(
                                                    ranked.isEmpty()
                                                            ? ""
                                                            : ranked.get(0).getKey(),
                                                    List.of())
                                            .isEmpty()
                                    ? ", with little evidence."
                                    : ", with only "
                                            + String.join(
                                                    ", ", why.get(ranked.get(0).getKey())) + "."),
                    scores);
        }
        List<String> reasons = why.getOrDefault(best, List.of());
        String reasoning = "Looks like " + best + ": "
                + (reasons.isEmpty() ? "its terms occur in the text" : String.join("; ", reasons))
                + (runnerUp == null ? "." : ". Next best: " + runnerUp + ".");
        return new Result(best, round(bestP), reasoning, scores);
    }

    private record Contribution(double weight, String text) {}

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }
}
