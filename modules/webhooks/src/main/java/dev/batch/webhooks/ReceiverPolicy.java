package dev.batch.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where webhooks may go (server-side request forgery): receivers whose address is loopback,
 * private, link-local, carrier-grade NAT, unspecified, multicast or a cloud metadata address are
 * refused, unless {@code BATCH_WEBHOOK_ALLOWED_HOSTS} lists their host or a CIDR range holding their
 * address. Checked when a job is created and again before every delivery, against the addresses the
 * name resolves to then (DNS rebinding).
 */
public final class ReceiverPolicy {
    private final List<String> hosts = new ArrayList<>();
    private final List<byte[][]> ranges = new ArrayList<>(); // {network, mask}

    /** {@code allowed}: comma-separated host names and CIDR ranges (empty: none). */
    public ReceiverPolicy(String allowed) {
        for (String entry : allowed == null ? new String[0] : allowed.split(",")) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) continue;
            if (e.contains("/")) ranges.add(cidr(e));
            else hosts.add(e);
        }
    }

    /** Why a receiver URL is refused, or null when it is allowed. Resolves its host (no connection is made). */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return "must be an http or https URL";
        String host = uri.getHost();
        if (host == null || host.isBlank()) return "has no host";
        if (uri.getUserInfo() != null) return "must not carry credentials; send them in webhook_headers";
        String h = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
        if (hosts.contains(h)) return null;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            return null; // not resolvable now: checked again before each delivery
        }
        for (InetAddress a : addresses) {
            if (allowedRange(a)) continue;
            String why = internal(a);
            if (why != null) {
                return "resolves to " + a.getHostAddress() + ", " + why + "; list it in BATCH_WEBHOOK_ALLOWED_HOSTS to allow it";
            }
        }
        return null;
    }

    /** Whether an address about to be connected to is allowed (the delivery-time check). */
    public boolean allows(String host, InetAddress address) {
        return hosts.contains(host.toLowerCase(Locale.ROOT)) || allowedRange(address) || internal(address) == null;
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
        if (a instanceof Inet6Address v6 && v6.getAddress()[0] == 0 && isMappedV4(v6.getAddress())) {
            try {
                byte[] b = v6.getAddress();
                return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                return "an unusable address";
            }
        }
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
            if (first >= 240) return "a reserved address";
        } else {
            if ((b[0] & 0xfe) == 0xfc) return "a private (unique local) address";
            if ((b[0] & 0xff) == 0xfd && (b[1] & 0xff) == 0x00 && (b[2] & 0xff) == 0xec && (b[3] & 0xff) == 0x02) {
                return "a cloud metadata address";
            }
        }
        return null;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static byte[][] cidr(String s) {
        String[] parts = s.split("/");
        try {
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > net.length * 8) throw new IllegalArgumentException("BATCH_WEBHOOK_ALLOWED_HOSTS: bad prefix length in " + s);
            byte[] mask = new byte[net.length];
            for (int i = 0; i < bits; i++) mask[i / 8] |= (byte) (0x80 >>> (i % 8));
            return new byte[][] {net, mask};
        } catch (UnknownHostException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("BATCH_WEBHOOK_ALLOWED_HOSTS: '" + s + "' is not a CIDR range", e);
        }
    }
}
