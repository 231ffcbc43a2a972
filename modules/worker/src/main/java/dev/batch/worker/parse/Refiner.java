package dev.batch.worker.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers lists the format did not mark up: paragraphs that are list items by their bullet or
 * number ("• x", "1) y"; in PDFs, by their bullet only). A PDF's headings come from its type and
 * numbering, over the whole document ({@link PdfHeadings}).
 */
final class Refiner {
    private static final Pattern BULLET = Pattern.compile("^[•·▪‣◦●○■□–\\-\\*]\\s+(.+)$", Pattern.DOTALL);
    private static final Pattern NUMBERED =
            Pattern.compile("^(?:\\d{1,3}|[a-z]|[ivxlc]{1,6}|[IVXLC]{1,6})[\\)\\.]\\s+(.+)$", Pattern.DOTALL);

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
