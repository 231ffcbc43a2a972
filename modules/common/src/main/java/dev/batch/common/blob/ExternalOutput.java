package dev.batch.common.blob;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * LlamaParse's {@code output_s3_path_prefix} parameter: besides its place in the blob store, each
 * parse result is written to {@code <prefix>/<job id>/<item id>.json} in the caller's bucket. Only
 * an S3 blob store can do that (the API refuses the parameter otherwise).
 */
public final class ExternalOutput {
    public static final String PARAMETER = "output_s3_path_prefix";
    private static final Pattern S3 = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9._/-]*)?");

    private ExternalOutput() {}

    /** Null when {@code prefix} is a usable {@code s3://bucket/path} location, else what is wrong with it. */
    public static String problem(String prefix) {
        return S3.matcher(prefix).matches() && !prefix.contains("..")
                ? null
                : "must be an s3://bucket/prefix location (bucket name in lower case; letters, digits, '.', '_', '-' and '/' in the path)";
    }

    /** Where an item's result goes under the prefix. */
    public static URI target(String prefix, String jobId, String itemId) {
        String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return URI.create(base + "/" + jobId + "/" + itemId + ".json");
    }
}
