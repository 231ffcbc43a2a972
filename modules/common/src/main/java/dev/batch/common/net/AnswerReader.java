package dev.batch.common.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HTTP/1.1 answer: its status, its headers, and its body as the framing says (chunked,
 * Content-Length, or up to the close). The body is either skipped within what is left of
 * {@code budget} bytes of the whole answer ({@link #body}: a webhook receiver's answer is read only
 * to end the exchange cleanly, never kept; a longer body is left unread), or copied to a stream
 * that takes at most a given number of bytes ({@link #copyBody}). A head longer than the budget is
 * an error.
 */
public final class AnswerReader {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})(?: .*)?");

    /** A body longer than {@link #copyBody} may copy. */
    public static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("the body is longer than " + limit + " bytes", null);
        }
    }

    private final InputStream in;
    private final int limit;
    private final String peer;
    /** Bytes of the answer that may still be read. */
    private long budget;
    /** Where the body goes; null: it is skipped. */
    private OutputStream sink;
    /** Bytes the sink may take in all. */
    private long max;
    /** Bytes the sink may still take. */
    private long room;

    /** {@code peer}: who answers, as error messages name it ("the receiver", "the server"). */
    public AnswerReader(InputStream in, int budget, String peer) {
        this.in = in;
        this.limit = budget;
        this.budget = budget;
        this.peer = peer;
    }

    public int status() throws IOException {
        Matcher m = STATUS_LINE.matcher(line());
        if (!m.matches()) throw new ProtocolException(peer + "'s answer is not HTTP/1.1");
        return Integer.parseInt(m.group(1));
    }

    /** Header names in lower case; a repeated header's values joined by commas. */
    public Map<String, String> headers() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            out.merge(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip(),
                    (a, b) -> a + "," + b);
        }
        return out;
    }

    /** Reads what the answer says it holds, up to the budget (then stops, without an error). */
    public void body(int status, Map<String, String> headers) throws IOException {
        sink = null;
        frame(status, headers);
    }

    /**
     * Copies the body to {@code out} and answers its length; a body longer than {@code max} bytes
     * is an error ({@link TooLarge}), before reading it when its Content-Length says so. The budget
     * no longer applies; a line of the framing (a chunk's size) is still at most the budget long.
     */
    public long copyBody(int status, Map<String, String> headers, OutputStream out, long max) throws IOException {
        String length = headers.get("content-length");
        if (length != null && !chunked(headers) && number(length) > max) throw new TooLarge(max);
        sink = out;
        this.max = max;
        room = max;
        budget = Long.MAX_VALUE;
        frame(status, headers);
        return max - room;
    }

    private void frame(int status, Map<String, String> headers) throws IOException {
        if (status / 100 == 1 || status == 204 || status == 304) return;
        if (chunked(headers)) {
            chunks();
            return;
        }
        String length = headers.get("content-length");
        if (length != null) transfer(number(length), false);
        else transfer(Long.MAX_VALUE, true); // the answer ends when the peer closes
    }

    private static boolean chunked(Map<String, String> headers) {
        return headers.getOrDefault("transfer-encoding", "")
                .toLowerCase(Locale.ROOT)
                .contains("chunked");
    }

    private long number(String contentLength) throws ProtocolException {
        try {
            return Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            throw new ProtocolException(peer + "'s Content-Length is not a number");
        }
    }

    private void chunks() throws IOException {
        while (true) {
            String size = line();
            int semi = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) throw new ProtocolException(peer + "'s chunked answer is malformed");
            if (n == 0) {
                while (!line().isEmpty()) {} // trailers
                return;
            }
            if (!transfer(n, false)) return;
            line();
        }
    }

    /**
     * Reads up to {@code n} bytes (or to the end) within the budget, into the sink if there is one;
     * false when the budget ran out first.
     */
    private boolean transfer(long n, boolean toEnd) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            if (budget <= 0) return false;
            int r = in.read(buf, 0, (int) Math.min(Math.min(buf.length, n), budget));
            if (r < 0) {
                if (toEnd) return true;
                throw new ProtocolException(peer + "'s answer ended early");
            }
            if (sink != null) {
                if (r > room) throw new TooLarge(max);
                sink.write(buf, 0, r);
                room -= r;
            }
            n -= r;
            budget -= r;
        }
        return true;
    }

    /** One line of the answer (its CR LF taken off), within the budget and never longer than it. */
    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0)
                throw new ProtocolException(
                        s.isEmpty()
                                ? peer + " closed the connection without an answer"
                                : peer + "'s answer ended early");
            if (--budget < 0 || s.length() >= limit)
                throw new ProtocolException(
                        "the head of " + peer + "'s answer is longer than " + limit / 1024 + " KiB");
            s.append((char) c);
        }
        budget--;
        int end = s.length() > 0 && s.charAt(s.length() - 1) == '\r' ? s.length() - 1 : s.length();
        return s.substring(0, end);
    }
}
