package dev.batch.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where webhooks may go and documents may be fetched from (server-side request forgery): URLs whose
 * address is loopback, private, link-local, carrier-grade NAT, benchmarking, unspecified, multicast,
 * a cloud metadata address, or an IPv6 address that carries an IPv4 one (NAT64, 6to4, Teredo,
 * IPv4-compatible) are refused, unless {@code BATCH_WEBHOOK_ALLOWED_HOSTS} lists their host or a
 * CIDR range holding their address. A host written as a number in another form than four decimal
 * numbers ({@code 2130706433}, {@code 0177.0.0.1}) is refused: programs disagree on what it means.
 * Checked when a job is created and again before every delivery or fetch, against the addresses
 * the name resolves to then, and the connection goes to the addresses so checked ({@link #target},
 * {@link PinnedExchange}), never resolving the name again. Refusals never name the address: API
 * users read them, and the address is what they must not learn.
 */
public final class ReceiverPolicy {
    /** Resolves host names; tests stand in for DNS with it. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM_RESOLVER = InetAddress::getAllByName;
    public static final String INTERNAL =
            "resolves to an internal address; list its host in BATCH_WEBHOOK_ALLOWED_HOSTS to allow it";
    /** How a refusal of a URL with user info begins (the rest says where webhook credentials go instead). */
    public static final String CREDENTIALS = "must not carry credentials";

    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private final List<String> hosts = new ArrayList<>();
    private final List<byte[][]> ranges = new ArrayList<>(); // {network, mask}
    private final Resolver resolver;

    /** {@code allowed}: comma-separated host names and CIDR ranges (empty: none). */
    public ReceiverPolicy(String allowed) {
        this(allowed, SYSTEM_RESOLVER);
    }

    public ReceiverPolicy(String allowed, Resolver resolver) {
        this.resolver = resolver;
        for (String entry : allowed == null ? new String[0] : allowed.split(",")) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) continue;
            if (e.contains("/")) ranges.add(cidr(e));
            else hosts.add(e);
        }
    }

    /** A receiver checked for a delivery: connect to {@code addresses}, each of them allowed; speak to {@code host}. */
    public record Target(URI uri, boolean https, String host, int port, List<InetAddress> addresses) {
        /** The request line's target: the path (at least {@code /}) and the query, in ASCII. */
        public String requestTarget() {
            URI ascii = URI.create(uri.toASCIIString());
            String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
            return ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
        }

        /** The {@code Host} header: the host (an IPv6 address in brackets), and the port unless the scheme's own. */
        public String authority() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return port == (https ? 443 : 80) ? h : h + ":" + port;
        }
    }

    /** Why a receiver is refused (never naming an address). */
    public static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /** Why a receiver URL is refused, or null when it is allowed. Resolves its host (no connection is made). */
    public String refusal(String url) {
        try {
            target(url);
            return null;
        } catch (Refused e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            return null; // not resolvable now: checked again before each delivery
        }
    }

    /** Resolves the receiver's host once and checks every address: where a delivery may connect. */
    public Target target(String url) throws Refused, UnknownHostException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new Refused("must be an http or https URL");
        if (uri.getRawUserInfo() != null) throw new Refused(CREDENTIALS + "; send them in webhook_headers");
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new Refused(
                    uri.getRawAuthority() == null
                            ? "has no host"
                            : "has no usable host; write an IPv4 address as four decimal numbers");
        }
        String h = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
        if (!h.contains(":") && numeric(h) && !DOTTED_QUAD.matcher(h).matches()) {
            throw new Refused(
                    "has a host that is a number not written as four decimal numbers (an IPv4 address); write it so");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        InetAddress[] resolved;
        if (h.contains(":") || DOTTED_QUAD.matcher(h).matches()) {
            try {
                resolved = new InetAddress[] {InetAddress.getByName(h)}; // a literal: parsed, not looked up
            } catch (UnknownHostException e) {
                throw new Refused("has a host that is not a valid IP address");
            }
        } else {
            resolved = resolver.resolve(h);
        }
        if (resolved == null || resolved.length == 0) throw new UnknownHostException(h);
        if (!hosts.contains(h)) {
            for (InetAddress a : resolved) {
                if (!allows(a)) throw new Refused(INTERNAL);
            }
        }
        return new Target(uri, scheme.equals("https"), h, port, List.of(resolved));
    }

    /** Whether the last label is a number: then the host is an IPv4 address in some notation, not a name. */
    private static boolean numeric(String h) {
        String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        return NUMERIC_LABEL.matcher(name.substring(name.lastIndexOf('.') + 1)).matches();
    }

    /** Whether an address may be connected to: public, or in an allowed range (an IPv4 address carried inside must pass too). */
    private boolean allows(InetAddress a) {
        Inet4Address inner = embedded(a);
        if (inner != null && (mapped(a.getAddress()) || allowedRange(a))) return allows(inner);
        return allowedRange(a) || internal(a) == null;
    }

    private boolean allowedRange(InetAddress a) {
        byte[] b = a.getAddress();
        for (byte[][] r : ranges) {
            if (r[0].length != b.length) continue;
            boolean in = true;
            for (int i = 0; i < b.length && in; i++) in = (b[i] & r[1][i]) == (r[0][i] & r[1][i]);
            if (in) return true;
        }
        return false;
    }

    /** What makes an address internal, or null for a public one. */
    static String internal(InetAddress a) {
        if (a instanceof Inet6Address && mapped(a.getAddress())) return internal(embedded(a));
        if (a.isLoopbackAddress()) return "a loopback address";
        if (a.isAnyLocalAddress()) return "an unspecified address";
        if (a.isLinkLocalAddress()) return "a link-local address (cloud metadata lives there)";
        if (a.isSiteLocalAddress()) return "a private address";
        if (a.isMulticastAddress()) return "a multicast address";
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) return "an unspecified address";
            if (first == 100 && second >= 64 && second < 128) return "a carrier-grade NAT address";
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) return "an IETF protocol address";
            if (first == 198 && (second == 18 || second == 19)) return "a benchmarking address";
            if (first >= 240) return "a reserved address";
            return null;
        }
        // The other forms that carry an IPv4 address are refused whole: a relay or translator would reach it.
        if (prefix(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) return "an IPv4-compatible address";
        if (prefix(b, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) return "a NAT64 address";
        if (prefix(b, 0x20, 0x02)) return "a 6to4 address";
        if (prefix(b, 0x20, 0x01, 0x00, 0x00)) return "a Teredo address";
        if ((b[0] & 0xfe) == 0xfc) return "a private (unique local) address";
        if (prefix(b, 0xfd, 0x00, 0xec, 0x02)) return "a cloud metadata address";
        return null;
    }

    /** The IPv4 address an IPv6 one carries (IPv4-mapped, IPv4-compatible, NAT64, 6to4), or null. */
    private static Inet4Address embedded(InetAddress a) {
        if (!(a instanceof Inet6Address)) return null;
        byte[] b = a.getAddress();
        int at = mapped(b)
                        || prefix(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                        || prefix(b, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)
                ? 12
                : prefix(b, 0x20, 0x02) ? 2 : -1;
        if (at < 0) return null;
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /** {@code ::ffff:a.b.c.d} (Java makes most of them IPv4 addresses, but not every way of building one). */
    private static boolean mapped(byte[] b) {
        return b.length == 16 && prefix(b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff);
    }

    private static boolean prefix(byte[] b, int... p) {
        for (int i = 0; i < p.length; i++) if ((b[i] & 0xff) != p[i]) return false;
        return true;
    }

    private static byte[][] cidr(String s) {
        String[] parts = s.split("/");
        try {
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > net.length * 8)
                throw new IllegalArgumentException("BATCH_WEBHOOK_ALLOWED_HOSTS: bad prefix length in " + s);
            byte[] mask = new byte[net.length];
            for (int i = 0; i < bits; i++) mask[i / 8] |= (byte) (0x80 >>> (i % 8));
            return new byte[][] {net, mask};
        } catch (UnknownHostException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("BATCH_WEBHOOK_ALLOWED_HOSTS: '" + s + "' is not a CIDR range", e);
        }
    }
}
