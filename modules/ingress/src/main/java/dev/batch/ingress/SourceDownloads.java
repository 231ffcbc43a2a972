package dev.batch.ingress;

import dev.batch.common.net.SourceFetcher;
import dev.batch.events.FileRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Documents fetched from a {@code source_url}: downloaded through the same guard as webhook
 * deliveries (only to addresses the receiver policy allows, each redirect checked again), then
 * stored as a file of the caller's project like an upload.
 */
final class SourceDownloads {
    private final SourceFetcher fetcher;
    private final Path spool;

    SourceDownloads(SourceFetcher fetcher, Path spool) {
        this.fetcher = fetcher;
        this.spool = spool;
    }

    /** The stored file; any refusal or failure of the download is a 422 on {@code source_url}. */
    FileRecord fetch(String url, String project, FileRoutes files) throws Exception {
        Path target = Files.createTempFile(spool, "source-", ".download");
        try {
            SourceFetcher.Fetched fetched;
            try {
                fetched = fetcher.fetch(url, target);
            } catch (SourceFetcher.Failed e) {
                throw ApiException.invalid("source_url", e.getMessage());
            }
            try (InputStream in = Files.newInputStream(target)) {
                return files.store(in, project, fetched.fileName(), "parse", null);
            }
        } finally {
            Files.deleteIfExists(target);
        }
    }
}
