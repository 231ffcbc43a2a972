package dev.batch.common.parse;

import dev.batch.common.query.NotAvailableException;
import dev.batch.events.FileRecord;
import java.io.IOException;

/**
 * One page of a stored PDF as a PNG, for a person to look at (the dashboard's page view). The API
 * asks; the worker module renders, as its parser would save the page's screenshot.
 */
public interface PageImages {
    /**
     * Page {@code page} (from 1) of {@code file}; a {@link NotAvailableException} when no renderer is
     * free within a short wait.
     */
    Rendered render(FileRecord file, int page) throws IOException, InterruptedException;

    /** What a render came to. */
    sealed interface Rendered {
        /** The page as a PNG. */
        record Png(byte[] bytes) implements Rendered {}

        /** The file is not a PDF: it has no pages to render. */
        record NotAPdf() implements Rendered {}

        /** The PDF has only {@code pages} pages. */
        record NoSuchPage(int pages) implements Rendered {}

        /** The page could not be rendered; {@code reason} speaks of the document, never of the service. */
        record Failed(String reason) implements Rendered {}
    }
}
