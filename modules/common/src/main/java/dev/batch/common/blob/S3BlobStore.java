package dev.batch.common.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The blob store in an S3-compatible bucket ({@code BATCH_BLOB_STORE=s3://bucket/prefix}), so
 * services on several machines share contents and results: {@code <prefix>/content/ab/cd/<sha256>}
 * and {@code <prefix>/objects/<key>}, the layout of {@link LocalBlobStore}. Credentials and region
 * come from the usual AWS sources (environment, system properties, profile, instance role); an
 * endpoint and path-style addressing serve MinIO, S3Mock and other S3-compatible servers. A PUT is
 * atomic in S3, so readers never see half an object. SDK failures surface as {@link IOException}s
 * (the SDK has already retried them).
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final S3Client s3;
    private final String bucket;
    private final String root; // "" or "prefix/"
    private final Path tmp;

    public S3BlobStore(S3Client s3, String bucket, String prefix, Path tmp) throws IOException {
        this.s3 = s3;
        this.bucket = bucket;
        String p = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        this.root = p.isEmpty() ? "" : p + "/";
        this.tmp = tmp;
        Files.createDirectories(tmp);
    }

    /**
     * A store at {@code s3://bucket/prefix}; {@code endpoint} (an S3-compatible server) and
     * {@code region} when given, else the AWS defaults; path-style addressing for servers without
     * virtual-host buckets.
     */
    public static S3BlobStore open(
            URI location, Optional<String> endpoint, Optional<String> region, boolean pathStyle, Path tmp)
            throws IOException {
        if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
            throw new IllegalArgumentException("expected s3://bucket/prefix, got " + location);
        }
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(pathStyle)
                        .build());
        endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)));
        region.map(Region::of).ifPresent(builder::region);
        if (region.isEmpty() && System.getenv("AWS_REGION") == null && System.getProperty("aws.region") == null) {
            builder.region(Region.US_EAST_1); // an S3-compatible server usually ignores it; AWS needs one
        }
        return new S3BlobStore(builder.build(), location.getHost(), location.getPath(), tmp);
    }

    @Override
    public StoredContent putContent(InputStream in, long maxBytes) throws IOException, TooLargeException {
        // Spooled to disk first: the key (the hash) is known only at the end, and the limit holds before anything is
        // sent.
        Spool spool = Spool.of(in, maxBytes, tmp);
        try {
            String key = contentKey(spool.sha256());
            if (!exists(key))
                call(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(spool.file())));
            return new StoredContent(spool.sha256(), spool.size());
        } finally {
            Files.deleteIfExists(spool.file());
        }
    }

    @Override
    public InputStream openContent(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) throw new NoSuchFileException("not a content hash: " + sha256);
        String key = contentKey(sha256);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException("s3://" + bucket + "/" + key);
        } catch (SdkException e) {
            throw new IOException("S3 GET s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void putObject(String key, byte[] bytes) throws IOException {
        String k = objectKey(key);
        call(() -> s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromBytes(bytes)));
    }

    @Override
    public void putObjectFile(String key, Path file) throws IOException {
        String k = objectKey(key);
        call(() -> s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromFile(file)));
        Files.deleteIfExists(file);
    }

    @Override
    public Path tempDir() {
        return tmp;
    }

    @Override
    public Optional<byte[]> getObject(String key) throws IOException {
        String k = objectKey(key);
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(k)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("S3 GET s3://" + bucket + "/" + k + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean deleteObject(String key) throws IOException {
        String k = objectKey(key);
        if (!exists(k))
            return false; // S3 answers a DELETE of nothing with success; the interface says whether it was there
        call(() -> s3.deleteObject(b -> b.bucket(bucket).key(k)));
        return true;
    }

    @Override
    public List<String> listObjects(String prefix) throws IOException {
        return listObjects(prefix, "");
    }

    @Override
    public List<String> listObjects(String prefix, String namePrefix) throws IOException {
        String dir = objectKey(prefix) + "/";
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = call(() -> s3.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(dir + namePrefix)
                    .delimiter("/")
                    .continuationToken(t)
                    .build()));
            for (S3Object o : page.contents()) keys.add(prefix + "/" + o.key().substring(dir.length()));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        keys.sort(null);
        return keys;
    }

    @Override
    public String location(String key) {
        return "s3://" + bucket + "/" + objectKey(key);
    }

    @Override
    public void putExternal(URI target, Path file) throws IOException {
        if (!"s3".equals(target.getScheme()) || target.getHost() == null) {
            throw new IllegalArgumentException("not an s3:// location: " + target);
        }
        String key = target.getPath().replaceAll("^/+", "");
        call(() -> s3.putObject(b -> b.bucket(target.getHost()).key(key), RequestBody.fromFile(file)));
    }

    @Override
    public boolean writesExternal() {
        return true;
    }

    @Override
    public void close() {
        s3.close();
    }

    private boolean exists(String key) throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw new IOException("S3 HEAD s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 HEAD s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    private String contentKey(String hash) {
        return root + "content/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + hash;
    }

    private String objectKey(String key) {
        if (!KEY.matcher(key).matches() || key.contains(".."))
            throw new IllegalArgumentException("invalid blob key: " + key);
        return root + "objects/" + key;
    }

    private interface S3Call<T> {
        T run();
    }

    private <T> T call(S3Call<T> c) throws IOException {
        try {
            return c.run();
        } catch (SdkException | UncheckedIOException e) {
            throw new IOException("S3 request to bucket " + bucket + " failed: " + e.getMessage(), e);
        }
    }
}
