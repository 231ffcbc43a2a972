package dev.batch.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every path of the public HTTP API, declared once. A path with an id is a template in the router's
 * syntax ({@code /files/{file_id}}), so a server can register it as it stands and a client fills it
 * in with {@link #path}.
 */
public final class ApiPaths {
    /** LlamaCloud's beta API: files, directories, batch processing, webhooks. */
    public static final String BETA = "/api/v1/beta";

    public static final String FILES = BETA + "/files";
    public static final String FILE = FILES + "/{file_id}";
    public static final String FILE_CONTENT = FILE + "/content";
    public static final String FILE_DOWNLOAD = FILE + "/download";
    /** The files listing with its filter in a JSON body (deprecated in the SDK, still served). */
    public static final String FILES_QUERY = FILES + "/query";

    public static final String DIRECTORIES = BETA + "/directories";
    public static final String DIRECTORY = DIRECTORIES + "/{directory_id}";
    public static final String DIRECTORY_FILES = DIRECTORY + "/files";
    public static final String DIRECTORY_UPLOAD = DIRECTORY_FILES + "/upload";
    public static final String DIRECTORY_FILE = DIRECTORY_FILES + "/{directory_file_id}";

    public static final String JOBS = BETA + "/batch-processing";
    public static final String JOB = JOBS + "/{job_id}";
    public static final String JOB_CANCEL = JOB + "/cancel";
    public static final String JOB_RETRY = JOB + "/retry";
    public static final String JOB_ITEMS = JOB + "/items";
    public static final String JOB_WEBHOOK_DELIVERIES = JOB + "/webhook-deliveries";
    public static final String JOB_WEBHOOK_RESEND = JOB_WEBHOOK_DELIVERIES + "/resend";
    public static final String ITEM_RESULT = JOBS + "/items/{item_id}/result";
    public static final String ITEM_PROCESSING_RESULTS = JOBS + "/items/{item_id}/processing-results";

    public static final String WEBHOOK_SECRET = BETA + "/webhooks/secret";
    public static final String WEBHOOK_SECRET_ROTATE = WEBHOOK_SECRET + "/rotate";

    /** Saved product configurations (parse, classify), usable by {@code configuration_id}. */
    public static final String CONFIGURATIONS = BETA + "/configurations";

    public static final String CONFIGURATION = CONFIGURATIONS + "/{config_id}";

    public static final String CLASSIFY_JOBS = "/api/v1/classifier/jobs";
    public static final String CLASSIFY_JOB = CLASSIFY_JOBS + "/{job_id}";
    public static final String CLASSIFY_JOB_RESULTS = CLASSIFY_JOB + "/results";

    /** Standalone classify jobs (LlamaCloud's classify v2 API). */
    public static final String CLASSIFY_V2_JOBS = "/api/v2/classify";

    public static final String CLASSIFY_V2_JOB = CLASSIFY_V2_JOBS + "/{job_id}";
    /** The SDK's {@code client.extract}: one file's fields by a data schema, as a one-item extract job. */
    public static final String EXTRACT_JOBS = "/api/v2/extract";

    public static final String EXTRACT_JOB = EXTRACT_JOBS + "/{job_id}";
    public static final String EXTRACT_SCHEMA_VALIDATION = EXTRACT_JOBS + "/schema/validation";
    public static final String EXTRACT_SCHEMA_GENERATE = EXTRACT_JOBS + "/schema/generate";

    /** LlamaParse's v2 API: standalone parse jobs, and the parse jobs behind a batch job's items. */
    public static final String PARSE_JOBS = "/api/v2/parse";

    public static final String PARSE_UPLOAD = PARSE_JOBS + "/upload";
    public static final String PARSE_JOB = PARSE_JOBS + "/{job_id}";
    public static final String PARSE_JOB_IMAGE = PARSE_JOB + "/images/{filename}";
    /** A parse result to download (text, markdown, items, metadata) behind a signed URL. */
    public static final String PARSE_JOB_RESULT = PARSE_JOB + "/results/{kind}";
    /** A page of a parse job's PDF rendered as a PNG (beyond LlamaCloud: the dashboard's page view). */
    public static final String PARSE_JOB_PAGE_IMAGE = PARSE_JOB + "/pages/{page_number}/image";

    public static final String HEALTH_LIVE = "/health/live";
    public static final String HEALTH_READY = "/health/ready";
    public static final String METRICS = "/metrics";
    public static final String OPENAPI = "/openapi.json";
    public static final String DOCS = "/docs";

    private static final Pattern PARAMETER = Pattern.compile("\\{[a-z_]+}");

    private ApiPaths() {}

    /** {@code template} with its parameters replaced, in order, by {@code values}, each encoded as one path segment. */
    public static String path(String template, String... values) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (m.find()) {
            if (i == values.length)
                throw new IllegalArgumentException(
                        template + " has more parameters than the " + values.length + " given");
            m.appendReplacement(out, Matcher.quoteReplacement(segment(values[i++])));
        }
        if (i != values.length)
            throw new IllegalArgumentException(template + " has " + i + " parameters, not " + values.length);
        return m.appendTail(out).toString();
    }

    /** {@code path} with a query of name, value pairs; a pair whose value is null is left out. */
    public static String query(String path, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("names and values come in pairs");
        StringBuilder out = new StringBuilder(path);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) continue;
            out.append(out.indexOf("?") < 0 ? '?' : '&')
                    .append(namesAndValues[i])
                    .append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1].toString(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** One path segment, percent-encoded (a space as {@code %20}, not the form encoding's {@code +}). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
