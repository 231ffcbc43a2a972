package dev.batch.worker.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Text analysis for the classifier: the document's language, Lucene's analyzer for it (stemming and
 * stop words), and a folded form of the text (lower case, no accents) for phrase look-ups.
 */
final class Analysis {
    private Analysis() {}

    private static final Map<String, Analyzer> ANALYZERS = Map.of(
            "en",
            new EnglishAnalyzer(),
            "fr",
            new FrenchAnalyzer(),
            "de",
            new GermanAnalyzer(),
            "es",
            new SpanishAnalyzer(),
            "it",
            new ItalianAnalyzer(),
            "pt",
            new PortugueseAnalyzer(),
            "nl",
            new DutchAnalyzer(),
            "zh",
            new CJKAnalyzer(),
            "ja",
            new CJKAnalyzer(),
            "ko",
            new CJKAnalyzer());

    /** Frequent function words per language: a cheap, robust language guess for whole documents. */
    private static final Map<String, Set<String>> FUNCTION_WORDS = Map.of(
            "en",
                    Set.of(
                            "the", "and", "of", "to", "in", "is", "for", "that", "with", "on", "as", "by", "this",
                            "are", "be", "or", "from", "at"),
            "fr",
                    Set.of(
                            "le", "la", "les", "des", "et", "du", "une", "est", "pour", "dans", "que", "qui", "par",
                            "sur", "au", "aux", "avec"),
            "de",
                    Set.of(
                            "der", "die", "das", "und", "den", "von", "zu", "mit", "ist", "des", "dem", "nicht", "ein",
                            "eine", "auf", "für", "im"),
            "es",
                    Set.of(
                            "el", "los", "las", "del", "y", "en", "que", "por", "con", "una", "para", "se", "es", "al",
                            "como", "su", "lo"),
            "it",
                    Set.of(
                            "il", "della", "di", "che", "e", "per", "non", "una", "sono", "gli", "nel", "delle", "con",
                            "alla", "dei"),
            "pt",
                    Set.of(
                            "o", "os", "da", "do", "das", "dos", "que", "em", "para", "com", "uma", "não", "por", "ao",
                            "são"),
            "nl",
                    Set.of(
                            "de", "het", "een", "van", "en", "niet", "zijn", "op", "voor", "met", "dat", "ook", "aan",
                            "wordt"));

    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    /** An ISO 639-1 code: CJK when a fifth of the letters are ideographs or kana, else the language with the most function words. */
    static String language(String text, String hint) {
        if (hint != null && ANALYZERS.containsKey(hint.toLowerCase(Locale.ROOT))) return hint.toLowerCase(Locale.ROOT);
        String sample = text.length() > 20_000 ? text.substring(0, 20_000) : text;
        long letters = 0;
        long cjk = 0;
        for (int i = 0; i < sample.length(); i++) {
            char c = sample.charAt(i);
            if (!Character.isLetter(c)) continue;
            letters++;
            Character.UnicodeScript s = Character.UnicodeScript.of(c);
            if (s == Character.UnicodeScript.HAN
                    || s == Character.UnicodeScript.HIRAGANA
                    || s == Character.UnicodeScript.KATAKANA
                    || s == Character.UnicodeScript.HANGUL) cjk++;
        }
        if (letters > 0 && cjk * 5 >= letters) return "zh";
        Map<String, Integer> hits = new HashMap<>();
        Matcher m = WORD.matcher(sample.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            for (var e : FUNCTION_WORDS.entrySet())
                if (e.getValue().contains(w)) hits.merge(e.getKey(), 1, Integer::sum);
        }
        return hits.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .filter(e -> e.getValue() >= 3)
                .map(Map.Entry::getKey)
                .orElse("en");
    }

    /** The terms Lucene's analyzer for {@code language} makes of {@code text} (stemmed, without stop words). */
    static List<String> terms(String text, String language) {
        Analyzer analyzer = ANALYZERS.getOrDefault(language, ANALYZERS.get("en"));
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analyzing a String does no I/O
        }
        return out;
    }

    /** Lower case, accents removed, runs of white space as one space: what phrase look-ups run on. */
    static String fold(String text) {
        String n = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return n.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
