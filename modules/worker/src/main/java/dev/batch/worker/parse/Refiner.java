package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers structure the format did not mark up: paragraphs that are list items by their bullet
 * or number ("• x", "1) y"), and, in PDFs, headings by their shape (a short numbered line such as
 * "3.1. Helioseismic constraints", or a short line in capitals such as "ABSTRACT").
 */
final class Refiner {
    private static final Pattern BULLET = Pattern.compile("^[•·▪‣◦●○■□–\\-\\*]\\s+(.+)$", Pattern.DOTALL);
    private static final Pattern NUMBERED =
            Pattern.compile("^(?:\\d{1,3}|[a-z]|[ivxlc]{1,6}|[IVXLC]{1,6})[\\)\\.]\\s+(.+)$", Pattern.DOTALL);
    private static final Pattern SECTION = Pattern.compile("^((?:\\d{1,2}\\.)+\\d{0,2})\\.?\\s+(\\p{Lu}[^\\n]{1,80})$");
    private static final Pattern CAPS = Pattern.compile("^[\\p{Lu}][\\p{Lu}\\d \\-–:&]{3,60}$");

    private Refiner() {}

    static List<Item> refine(List<Item> items, boolean pdf) {
        List<Item> out = new ArrayList<>(items.size());
        List<Item> run = new ArrayList<>();
        boolean runOrdered = false;
        for (Item item : items) {
            if (item instanceof Item.Text t) {
                String v = t.value();
                Matcher bullet = BULLET.matcher(v);
                Matcher numbered = NUMBERED.matcher(v);
                if (!v.contains("\n") || !pdf) {
                    if (bullet.matches()) {
                        if (!run.isEmpty() && runOrdered) flush(out, run, true);
                        runOrdered = false;
                        run.add(new Item.Text(bullet.group(1).strip()));
                        continue;
                    }
                    if (!pdf && numbered.matches()) {
                        if (!run.isEmpty() && !runOrdered) flush(out, run, false);
                        runOrdered = true;
                        run.add(new Item.Text(numbered.group(1).strip()));
                        continue;
                    }
                }
                if (!run.isEmpty()) flush(out, run, runOrdered);
                if (pdf) {
                    String line = v.replace('\n', ' ').strip();
                    Matcher section = SECTION.matcher(line);
                    if (section.matches() && !line.endsWith(".") && line.length() <= 90) {
                        int depth = section.group(1).replaceAll("\\.$", "").split("\\.").length;
                        out.add(new Item.Heading(Math.min(6, depth + 1), line, t.bbox()));
                        continue;
                    }
                    if (!v.contains("\n")
                            && CAPS.matcher(line).matches()
                            && line.chars().filter(Character::isLetter).count() >= 4) {
                        out.add(new Item.Heading(2, line, t.bbox()));
                        continue;
                    }
                }
                out.add(item);
            } else {
                if (!run.isEmpty()) flush(out, run, runOrdered);
                out.add(item);
            }
        }
        if (!run.isEmpty()) flush(out, run, runOrdered);
        return out;
    }

    private static void flush(List<Item> out, List<Item> run, boolean ordered) {
        out.add(new Item.ListItem(ordered, List.copyOf(run)));
        run.clear();
    }
}
