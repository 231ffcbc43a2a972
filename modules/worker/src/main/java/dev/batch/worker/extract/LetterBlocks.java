package dev.batch.worker.extract;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The two blocks that frame a letter: a salutation, a short line near the top that greets someone
 * ("Dear Ms Novak,", "Sehr geehrte Damen und Herren,"), and a sign-off near the end, a closing
 * ("Sincerely", "Mit freundlichen Grüßen") or a place and date ("Berlin, 21 March 2022") followed by
 * a name or a signature line.
 */
record LetterBlocks(int greetings, int signOffs) {
    private static final List<String> GREETINGS = List.of(
            "dear",
            "to whom it may concern",
            "dear sir or madam",
            "hello",
            "hi",
            "madame",
            "monsieur",
            "messieurs",
            "chere",
            "cher",
            "sehr geehrte",
            "sehr geehrter",
            "liebe",
            "lieber",
            "estimado",
            "estimada",
            "estimados",
            "querido",
            "querida",
            "distinguido",
            "gentile",
            "gentili",
            "egregio",
            "caro",
            "cara",
            "geachte",
            "beste",
            "prezado",
            "prezada",
            "尊敬的",
            "亲爱的");
    private static final List<String> UNMISTAKABLE =
            List.of("dear", "to whom it may concern", "sehr geehrte", "sehr geehrter", "estimado", "estimada");
    private static final List<String> CLOSINGS = List.of(
            "sincerely",
            "yours sincerely",
            "sincerely yours",
            "yours faithfully",
            "yours truly",
            "respectfully",
            "kind regards",
            "best regards",
            "warm regards",
            "regards",
            "best wishes",
            "cordially",
            "with thanks",
            "cordialement",
            "bien cordialement",
            "salutations distinguees",
            "veuillez agreer",
            "mit freundlichen",
            "freundliche grusse",
            "freundliche gruße",
            "viele grusse",
            "viele gruße",
            "hochachtungsvoll",
            "atentamente",
            "saludos cordiales",
            "un saludo",
            "cordiali saluti",
            "distinti saluti",
            "met vriendelijke groet",
            "atenciosamente",
            "此致",
            "敬上");
    /** A place and a date on one short line, as letters are dated above or below their signature. */
    private static final Pattern PLACE_DATE = Pattern.compile(
            "^\\p{Lu}[\\p{L} .-]{1,30}, (?:(?:den|le|el|il|am) )?(?:\\d{1,2}[./]? ?\\p{L}+\\.? \\d{4}|\\p{L}+\\.? \\d{1,2},? \\d{4}"
                    + "|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4})$");

    private static final Pattern NAME = Pattern.compile("^\\p{Lu}[\\p{L}'’.-]*(?: \\p{Lu}[\\p{L}'’.-]*){1,5}$");
    private static final Pattern SIGNATURE_LINE =
            Pattern.compile("(?i)^(?:_{5,}|signature|signed|unterschrift|firma)\\b");

    static LetterBlocks of(DocIndex ix) {
        int n = ix.size();
        int greetings = 0;
        int signOffs = 0;
        for (int i = 0; i < n; i++) {
            String text = ix.line(i).text().strip();
            String folded = ix.folded.get(i).strip();
            if (greets(text, folded) && i <= Math.max(12, n * 0.4)) greetings++;
            boolean closing = text.length() <= 60 && startsWithAny(folded, CLOSINGS);
            boolean dated = PLACE_DATE.matcher(text).matches();
            if ((closing || dated) && i >= n * 0.3 && signedBelow(ix, i)) signOffs++;
        }
        return new LetterBlocks(greetings, signOffs);
    }

    /**
     * A greeting on a line of its own, ended as one ("Dear Ms Novak," "Sehr geehrte Damen und
     * Herren,"); only the unmistakable ones may leave out the comma, as "Cara Rossi" or "Hi-Tech Ltd"
     * heading a CV greets nobody.
     */
    private static boolean greets(String text, String folded) {
        if (text.length() > 80 || !startsWithAny(folded, GREETINGS)) return false;
        return text.matches(".*[,:!]$") || (text.length() <= 40 && startsWithAny(folded, UNMISTAKABLE));
    }

    /** A name or a signature line within the four lines below. */
    private static boolean signedBelow(DocIndex ix, int i) {
        for (int j = i + 1; j < ix.size() && j <= i + 4; j++) {
            String t = ix.line(j)
                    .text()
                    .replaceAll("[^\\p{L}\\p{N}'’._ -]", " ")
                    .replaceAll("\\s+", " ")
                    .strip();
            if (t.length() <= 60
                    && (NAME.matcher(t).matches() || SIGNATURE_LINE.matcher(t).find())) return true;
        }
        return false;
    }

    private static boolean startsWithAny(String folded, List<String> phrases) {
        for (String p : phrases) {
            if (folded.startsWith(p)
                    && (folded.length() == p.length() || !Character.isLetter(folded.charAt(p.length())))) return true;
        }
        return false;
    }
}
