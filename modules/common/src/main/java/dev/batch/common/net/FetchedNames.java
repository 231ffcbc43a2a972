package dev.batch.common.net;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name a fetched document is shown by: the file name its Content-Disposition gives
 * ({@code filename*} of RFC 6266 first, then {@code filename}), else the last segment of the final
 * URL's path, else {@value #FALLBACK}. Sanitised as an upload's name is: a display name only, never
 * a path (no folders, no control characters, at most 255 characters).
 */
final class FetchedNames {
    static final String FALLBACK = "download";
    private static final Pattern EXTENDED =
            Pattern.compile("(?i)(?:^|;)\\s*filename\\*\\s*=\\s*([^';\\s]*)'[^']*'([^;\\s]+)");
    private static final Pattern PLAIN =
            Pattern.compile("(?i)(?:^|;)\\s*filename\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;]*))");

    private FetchedNames() {}

    /** {@code disposition}: the Content-Disposition header or null; {@code url}: the final URL. */
    static String fileName(String disposition, URI url) {
        String name = disposition == null ? null : fromDisposition(disposition);
        if (name == null || name.isBlank()) name = lastSegment(url);
        return sanitise(name);
    }

    private static String fromDisposition(String disposition) {
        Matcher m = EXTENDED.matcher(disposition);
        if (m.find()) {
            String decoded = percentDecoded(m.group(2), charset(m.group(1)));
            if (decoded != null) return decoded;
        }
        m = PLAIN.matcher(disposition);
        if (!m.find()) return null;
        String name = m.group(1) != null
                ? m.group(1).replaceAll("\\\\(.)", "$1")
                : m.group(2).strip();
        return utf8IfItIs(name);
    }

    private static Charset charset(String name) {
        return name.toLowerCase(Locale.ROOT).equals("iso-8859-1")
                ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8;
    }

    private static String lastSegment(URI url) {
        String path = url.getRawPath();
        if (path == null) return null;
        String segment = path.substring(path.lastIndexOf('/') + 1);
        String decoded = percentDecoded(segment, StandardCharsets.UTF_8);
        return decoded == null ? segment : decoded;
    }

    /** Header bytes arrive as ISO-8859-1 characters; a server that sent UTF-8 meant UTF-8. */
    private static String utf8IfItIs(String latin1) {
        if (latin1.chars().allMatch(c -> c < 0x80)) return latin1;
        String utf8 = strictly(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return utf8 == null ? latin1 : utf8;
    }

    /** {@code %XX} escapes decoded as bytes of {@code charset}; null when malformed. */
    private static String percentDecoded(String s, Charset charset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) return null;
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0xff) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        return strictly(bytes.toByteArray(), charset);
    }

    private static String strictly(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String sanitise(String raw) {
        String name = raw == null ? "" : raw;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) return FALLBACK;
        return name.length() > 255 ? name.substring(0, 255) : name;
    }
}
