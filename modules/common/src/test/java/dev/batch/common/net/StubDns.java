package dev.batch.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for DNS: a name's answers in turn, one per lookup, the last one again after that (an
 * answer: addresses separated by spaces); unknown names do not resolve. Counts the lookups.
 */
public final class StubDns implements ReceiverPolicy.Resolver {
    private final Map<String, List<String>> answers;
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    public StubDns(Map<String, List<String>> answers) {
        this.answers = answers;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        int n = lookups.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
        List<String> a = answers.get(host);
        if (a == null) throw new UnknownHostException(host);
        String[] answer = a.get(Math.min(n, a.size() - 1)).split(" ");
        InetAddress[] out = new InetAddress[answer.length];
        for (int i = 0; i < answer.length; i++) out[i] = InetAddress.getByName(answer[i]);
        return out;
    }

    public int lookups(String host) {
        AtomicInteger n = lookups.get(host);
        return n == null ? 0 : n.get();
    }

    /** Every name looked up so far. */
    public Set<String> lookups() {
        return lookups.keySet();
    }
}
