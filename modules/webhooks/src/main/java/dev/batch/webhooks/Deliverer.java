package dev.batch.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One delivery attempt to one receiver: the body POSTed with the Standard Webhooks headers
 * ({@code webhook-id} stays the event's id across attempts, so receivers deduplicate), the
 * receiver's own headers, bounded connect and response times, no redirects followed, at most
 * {@link #MAX_RESPONSE_BYTES} of the answer read. The receiver's addresses are checked against
 * the {@link ReceiverPolicy} just before (a name may resolve elsewhere than at create).
 */
public final class Deliverer {
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final String USER_AGENT = "batch-webhooks/1";

    /** What one attempt came to: 2xx delivered; 410 unsubscribes; anything else is retried later. */
    public record Attempt(Instant at, int statusCode, String error, long durationMillis) {
        public boolean delivered() {
            return statusCode / 100 == 2;
        }

        public boolean unsubscribe() {
            return statusCode == 410;
        }
    }

    private final ReceiverPolicy policy;
    private final Duration responseTimeout;
    private final Clock clock;
    private final HttpClient http;

    public Deliverer(ReceiverPolicy policy, Duration connectTimeout, Duration responseTimeout, Clock clock) {
        this.policy = policy;
        this.responseTimeout = responseTimeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Attempt deliver(String url, Map<String, String> headers, String eventId, byte[] body, String secret) {
        Instant at = clock.instant();
        long start = System.nanoTime();
        URI uri;
        try {
            uri = policy.target(url).uri();
        } catch (ReceiverPolicy.Refused e) {
            return failed(at, start, "refused: the receiver URL " + e.getMessage());
        } catch (UnknownHostException e) {
            return failed(at, start, "cannot resolve the receiver's host");
        }
        long timestamp = at.getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(responseTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("webhook-id", eventId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signatures.sign(secret, eventId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            headers.forEach(request::header);
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                in.readNBytes(MAX_RESPONSE_BYTES); // read a little, so the connection can be reused; never the whole of a huge answer
            }
            int status = response.statusCode();
            String error = status / 100 == 2 ? null : status / 100 == 3 ? "the receiver redirected (" + status + "); redirects are not followed"
                    : "the receiver answered " + status;
            return new Attempt(at, status, error, (System.nanoTime() - start) / 1_000_000);
        } catch (HttpTimeoutException e) {
            return failed(at, start, "no answer within " + responseTimeout.toMillis() + " ms");
        } catch (IOException e) {
            return failed(at, start, "connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(at, start, "interrupted");
        } catch (IllegalArgumentException e) {
            return failed(at, start, "a header is not valid: " + e.getMessage());
        }
    }

    private static Attempt failed(Instant at, long start, String error) {
        return new Attempt(at, 0, error, (System.nanoTime() - start) / 1_000_000);
    }
}
