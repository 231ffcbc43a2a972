package dev.batch.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a receiver's HTTP/1.1 answer, at most {@code budget} bytes of it: its status, its headers,
 * and as much of its body as the framing says (which is read only to end the exchange cleanly, never
 * kept). A head longer than the budget is an error; a body longer is left unread.
 */
final class AnswerReader {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})(?: .*)?");

    private final InputStream in;
    private final int limit;
    /** Bytes of the answer that may still be read. */
    private int budget;

    AnswerReader(InputStream in, int budget) {
        this.in = in;
        this.limit = budget;
        this.budget = budget;
    }

    int status() throws IOException {
        Matcher m = STATUS_LINE.matcher(line());
        if (!m.matches()) throw new ProtocolException("the receiver's answer is not HTTP/1.1");
        return Integer.parseInt(m.group(1));
    }

    /** Header names in lower case; a repeated header's values joined by commas. */
    Map<String, String> headers() throws IOException {
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
    void body(int status, Map<String, String> headers) throws IOException {
        if (status / 100 == 1 || status == 204 || status == 304) return;
        if (headers.getOrDefault("transfer-encoding", "")
                .toLowerCase(Locale.ROOT)
                .contains("chunked")) {
            chunks();
            return;
        }
        String length = headers.get("content-length");
        if (length != null) {
            try {
                skip(Long.parseLong(length.strip()), false);
            } catch (NumberFormatException e) {
                throw new ProtocolException("the receiver's Content-Length is not a number");
            }
        } else {
            skip(Long.MAX_VALUE, true); // the answer ends when the receiver closes
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
            if (n < 0) throw new ProtocolException("the receiver's chunked answer is malformed");
            if (n == 0) {
                while (!line().isEmpty()) {} // trailers
                return;
            }
            if (!skip(n, false)) return;
            line();
        }
    }

    /** Skips up to {@code n} bytes (or to the end) within the budget; false when the budget ran out first. */
    private boolean skip(long n, boolean toEnd) throws IOException {
        byte[] buf = new byte[4096];
        while (n > 0) {
            if (budget <= 0) return false;
            int r = in.read(buf, 0, (int) Math.min(Math.min(buf.length, n), budget));
            if (r < 0) {
                if (toEnd) return true;
                throw new ProtocolException("the receiver's answer ended early");
            }
            n -= r;
            budget -= r;
        }
        return true;
    }

    /** One line of the answer's head (its CR LF taken off), within the budget. */
    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0)
                throw new ProtocolException(
                        s.isEmpty()
                                ? "the receiver closed the connection without an answer"
                                : "the receiver's answer ended early");
            if (--budget < 0)
                throw new ProtocolException(
                        "the head of the receiver's answer is longer than " + limit / 1024 + " KiB");
            s.append((char) c);
        }
        budget--;
        int end = s.length() > 0 && s.charAt(s.length() - 1) == '\r' ? s.length() - 1 : s.length();
        return s.substring(0, end);
    }
}
