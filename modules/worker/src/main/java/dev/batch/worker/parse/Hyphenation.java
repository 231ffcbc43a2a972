package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words broken over a line end with a hyphen, joined again ("exam-\nple" to "example" at the end of
 * the first line). Which hyphen goes is told by the document itself: the word written whole
 * elsewhere, or a soft hyphen, joins without it; the word written with its hyphen elsewhere, two
 * words of the document ("long-term", "well-known"), a capital or a digit after it
 * ("Quarter-over-Quarter") keep it; any other break is a syllable break and joins without it.
 * Only text from the page's text layer (items with a box) is joined: tables are left as they are, and
 * OCR's text as Tesseract reads it, where a dash is too often misread to go by.
 */
final class Hyphenation {
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** The last word of a line ending with a hyphen after a letter; group 1 is the part before that hyphen. */
    private static final Pattern BROKEN = Pattern.compile("(\\S*?)(\\p{L}+)([-\u2010\u00AD])$");

    /** The first word of the next line; group 1 is what the break joins to, up to a hyphen or punctuation. */
    private static final Pattern REST = Pattern.compile("^(\\p{L}[\\p{L}\\p{M}]*|\\d\\S*)(\\S*)");

    private Hyphenation() {}

    static List<List<Item>> join(List<List<Item>> pages) {
        Words words = Words.of(pages);
        List<List<Item>> out = new ArrayList<>(pages.size());
        for (List<Item> page : pages) {
            List<Item> items = new ArrayList<>(page.size());
            for (Item item : page) {
                if (!(item instanceof Item.Text t) || t.bbox() == null) {
                    items.add(item);
                    continue;
                }
                String value = joinLines(t.value(), words);
                // a word broken at the foot of a column goes on at the head of the next
                if (!items.isEmpty() && items.get(items.size() - 1) instanceof Item.Text prev && prev.bbox() != null) {
                    String[] both = joinAcross(prev.value(), value, words);
                    if (both != null) {
                        items.set(items.size() - 1, new Item.Text(both[0], box(prev)));
                        value = both[1];
                    }
                }
                if (value.isEmpty()) continue;
                items.add(value.equals(t.value()) ? t : new Item.Text(value, box(t)));
            }
            out.add(items);
        }
        return out;
    }

    private static Item.BBox box(Item.Text t) {
        return t.bbox() == null || t.bbox().isEmpty() ? null : t.bbox().get(0);
    }

    static String joinLines(String text, Words words) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        for (int i = 0; i + 1 < lines.size(); i++) {
            String[] pair = joinPair(lines.get(i), lines.get(i + 1), words);
            if (pair == null) continue;
            lines.set(i, pair[0]);
            lines.set(i + 1, pair[1]);
            if (pair[1].isEmpty()) lines.remove(i + 1);
        }
        return String.join("\n", lines);
    }

    /** The texts with a word broken at the end of {@code a} joined from the start of {@code b}; null if none is. */
    private static String[] joinAcross(String a, String b, Words words) {
        int end = a.lastIndexOf('\n') + 1;
        int cut = b.indexOf('\n');
        String first = cut < 0 ? b : b.substring(0, cut);
        if (first.isEmpty() || !Character.isLowerCase(first.charAt(0))) return null;
        String[] pair = joinPair(a.substring(end), first, words);
        if (pair == null) return null;
        String rest = cut < 0 ? "" : b.substring(cut + 1);
        return new String[] {
            a.substring(0, end) + pair[0], pair[1].isEmpty() ? rest : pair[1] + (cut < 0 ? "" : "\n" + rest)
        };
    }

    /** A line and the next with a word broken at the end of the first joined onto it; null when there is none. */
    private static String[] joinPair(String line, String next, Words words) {
        if (!endsInHyphen(line)) return null;
        Matcher broken = BROKEN.matcher(line);
        Matcher rest = REST.matcher(next);
        if (!broken.find() || !rest.find()) return null;
        String hyphen = broken.group(3);
        // a word with another hyphen of its own ("signal-to-noise", "state-of-the-art") is a compound
        boolean compound = broken.group(1).endsWith("-") || rest.group(2).startsWith("-");
        boolean keep = !hyphen.equals("\u00AD") && (compound || keepsHyphen(broken.group(2), rest.group(1), words));
        String word = rest.group(1) + rest.group(2);
        return new String[] {
            line.substring(0, line.length() - 1) + (keep ? hyphen : "") + word,
            next.substring(word.length()).stripLeading()
        };
    }

    /** The cheap test before {@link #BROKEN}, whose search would otherwise try every start of a long line. */
    private static boolean endsInHyphen(String s) {
        if (s.isEmpty()) return false;
        char c = s.charAt(s.length() - 1);
        return c == '-' || c == '\u2010' || c == '\u00AD';
    }

    /** A token without the punctuation around it: from its first letter or digit to its last. */
    private static String inner(String token) {
        int from = 0, to = token.length();
        while (from < to && !Character.isLetterOrDigit(token.codePointAt(from)))
            from += Character.charCount(token.codePointAt(from));
        while (to > from && !Character.isLetterOrDigit(token.codePointBefore(to)))
            to -= Character.charCount(token.codePointBefore(to));
        return token.substring(from, to);
    }

    static boolean keepsHyphen(String left, String right, Words words) {
        if (!Character.isLowerCase(right.charAt(0))) return true;
        String l = left.toLowerCase(Locale.ROOT);
        String r = right.toLowerCase(Locale.ROOT);
        words.read();
        if (words.whole.contains(l + r)) return false;
        if (words.hyphenated.contains(l + "-" + r)) return true;
        return words.whole.contains(l) && words.whole.contains(r);
    }

    /**
     * The document's words as written within lines: whole, and with a hyphen inside; read from its pages when
     * first asked for, as most documents break no word.
     */
    static final class Words {
        final Set<String> whole = new HashSet<>();
        final Set<String> hyphenated = new HashSet<>();
        private List<List<Item>> pages;

        static Words of(List<List<Item>> pages) {
            Words w = new Words();
            w.pages = pages;
            return w;
        }

        void read() {
            if (pages == null) return;
            for (List<Item> page : pages)
                for (Item item : page) if (item instanceof Item.Text || item instanceof Item.Heading) add(item.plain());
            pages = null;
        }

        void add(String text) {
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                String[] tokens = SPACES.split(lines[i].strip());
                boolean afterBreak = i > 0
                        && endsInHyphen(lines[i - 1])
                        && BROKEN.matcher(lines[i - 1]).find();
                for (int t = 0; t < tokens.length; t++) {
                    if (t == 0 && afterBreak) continue; // the rest of a broken word is no word of its own
                    if (t == tokens.length - 1
                            && endsInHyphen(tokens[t])
                            && BROKEN.matcher(tokens[t]).find()) continue;
                    String word = inner(tokens[t]).toLowerCase(Locale.ROOT);
                    if (word.isEmpty()) continue;
                    (word.indexOf('-') > 0 ? hyphenated : whole).add(word);
                    if (word.indexOf('-') > 0) for (String part : word.split("-")) if (!part.isEmpty()) whole.add(part);
                }
            }
        }
    }
}
