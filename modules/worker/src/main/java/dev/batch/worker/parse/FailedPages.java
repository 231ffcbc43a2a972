package dev.batch.worker.parse;

import java.util.List;
import java.util.Objects;

/** {@code page_error_tolerance}: the share of pages that may fail before the whole item does. */
final class FailedPages {
    private FailedPages() {}

    static void check(List<String> errors, ParseOptions options) throws PageFailures {
        long failed = errors.stream().filter(Objects::nonNull).count();
        if (failed == 0) return;
        if (failed > options.pageErrorTolerance() * errors.size()) {
            String first = errors.stream().filter(Objects::nonNull).findFirst().orElse("");
            throw new PageFailures(
                    failed + " of " + errors.size() + " pages failed, more than the page_error_tolerance of "
                            + options.pageErrorTolerance() + " allows; " + first);
        }
    }

    /**
     * What stands in a failed page's place in the text: the error between its prefix and suffix
     * ({@code error_message}), the page's raw text layer when one could still be read
     * ({@code raw_text}; a scanned page has none), or nothing ({@code blank_page}).
     */
    static String replacement(String error, ParseOptions options, List<Item> rawText) {
        if ("error_message".equals(options.replaceFailedPageMode())) {
            return options.failedPagePrefix() + error + options.failedPageSuffix();
        }
        if ("raw_text".equals(options.replaceFailedPageMode())) {
            StringBuilder raw = new StringBuilder();
            for (Item item : rawText) raw.append(raw.length() == 0 ? "" : "\n").append(item.plain());
            return raw.toString();
        }
        return "";
    }
}
