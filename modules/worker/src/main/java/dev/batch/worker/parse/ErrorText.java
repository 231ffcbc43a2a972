package dev.batch.worker.parse;

import dev.batch.events.ErrorCode;
import java.util.regex.Pattern;
import org.apache.tika.exception.EncryptedDocumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an item's {@code error_message} may say. Words about the document ("the PDF header is
 * missing") help its owner; words about this service (paths of its data folder, its store's
 * {@code s3://} locations, its own classes) help nobody outside and tell too much: those are
 * logged, and the item gets a plain sentence instead.
 */
public final class ErrorText {
    private static final Logger log = LoggerFactory.getLogger(ErrorText.class);
    /** A file system path of two segments or more, a store or file URL, a class of this service. */
    private static final Pattern INTERNAL =
            Pattern.compile("(?i)s3a?://|file:/|\\bdev\\.batch\\.|(?<![\\w.])/[\\w.@+-]+/|\\b[a-z]:\\\\");

    /** For a failure of the service's own (a store that cannot be read or written): the item can be tried again. */
    public static final String RETRY = "the item can be retried; the worker's log has the details";

    private ErrorText() {}

    /** Whether {@code text} names something of this service rather than of the document. */
    public static boolean internal(String text) {
        return text != null && INTERNAL.matcher(text).find();
    }

    /** {@code text}, or {@code otherwise} when it names this service's insides; then {@code cause} is logged. */
    public static String clean(String text, String otherwise, Throwable cause) {
        if (!internal(text)) return text;
        log.warn("Replaced in an item's error message: {}", text, cause);
        return otherwise;
    }

    /** The code and message a parse that threw {@code e} gives its item. */
    public static Failure failure(Throwable e, String name) {
        if (e instanceof PageFailures)
            return new Failure(ErrorCode.PAGES_FAILED, clean(e.getMessage(), "too many pages failed", e));
        if (e instanceof EncryptedDocumentException) {
            return new Failure(
                    ErrorCode.PASSWORD_PROTECTED,
                    "the file is password-protected: " + clean(e.getMessage(), "it cannot be opened", e));
        }
        return new Failure(
                ErrorCode.PARSE_ERROR,
                "cannot parse " + name + ": " + clean(rootMessage(e), "the parser failed on it", e));
    }

    /** An item's error code and message. */
    public record Failure(ErrorCode code, String message) {}

    /** The message of an exception and of its root cause. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = String.valueOf(t.getMessage());
        if (t == e) return m;
        String top = String.valueOf(e.getMessage());
        // Tika wraps parser failures ("TIKA-198: Illegal IOException from ...Parser@1a2b"): the cause says what
        // happened.
        if (top.startsWith("TIKA-") || top.startsWith("Unexpected RuntimeException from")) return m;
        return top + " (" + t.getClass().getSimpleName() + ": " + m + ")";
    }
}
