package dev.batch.app;

import dev.batch.common.blob.BlobStore;
import dev.batch.common.blob.LocalBlobStore;
import dev.batch.common.blob.S3BlobStore;
import dev.batch.common.blob.SegmentBlobStore;
import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob store the settings name: the folder store by default (small objects in segments, or a file
 * each with BATCH_BLOB_LAYOUT=files), an S3-compatible bucket with BATCH_BLOB_STORE=s3://bucket/prefix.
 */
final class BlobStores {
    private static final Logger log = LoggerFactory.getLogger(BlobStores.class);

    private BlobStores() {}

    static BlobStore open(Config config, Path data) throws IOException {
        Optional<String> s3 = config.get(AppSettings.BLOB_STORE);
        if (s3.isEmpty()) {
            Path folder = config.get(AppSettings.BLOB_DIR).map(Path::of).orElse(data.resolve("blobs"));
            return config.get(AppSettings.BLOB_LAYOUT).equals("files")
                    ? new LocalBlobStore(folder)
                    : new SegmentBlobStore(folder);
        }
        URI location;
        try {
            location = URI.create(s3.get());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(AppSettings.BLOB_STORE.name() + ": not a URI: " + s3.get());
        }
        if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
            throw new ConfigException(AppSettings.BLOB_STORE.name() + ": expected s3://bucket/prefix, got " + s3.get());
        }
        log.info(
                "Blob store: {} {}",
                location,
                config.get(AppSettings.S3_ENDPOINT).map(e -> "at " + e).orElse("(AWS S3)"));
        return S3BlobStore.open(
                location,
                config.get(AppSettings.S3_ENDPOINT),
                config.get(AppSettings.S3_REGION),
                config.get(AppSettings.S3_PATH_STYLE),
                data.resolve("tmp"));
    }
}
