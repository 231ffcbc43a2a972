package dev.batch.client;

import java.time.Duration;
import java.util.function.Consumer;

/** Options of a client; {@link BatchApiClient#BatchApiClient(String, String)} takes the defaults. */
public final class BatchApiClientBuilder {
    final String base;
    String apiKey;
    Duration connectTimeout = Duration.ofSeconds(5);
    Duration requestTimeout = Duration.ofSeconds(60);
    Consumer<BatchApiClient.Exchange> recorder = e -> {};
    RateLimitRetry rateLimitRetry;

    BatchApiClientBuilder(String base) {
        this.base = base;
    }

    /** Sent as a bearer token; null or blank: no key. */
    public BatchApiClientBuilder apiKey(String key) {
        this.apiKey = key;
        return this;
    }

    public BatchApiClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    public BatchApiClientBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** Told about every exchange (contract tests check each response). */
    public BatchApiClientBuilder recorder(Consumer<BatchApiClient.Exchange> recorder) {
        this.recorder = recorder;
        return this;
    }

    /**
     * Sends a request refused with 429 again once its {@code Retry-After} has passed, up to
     * {@code maxRetries} times; a wait longer than {@code maxWait} answers the 429 at once.
     * Off by default: a test of the rate limit sees every 429.
     */
    public BatchApiClientBuilder retryRateLimited(int maxRetries, Duration maxWait) {
        this.rateLimitRetry = new RateLimitRetry(maxRetries, maxWait);
        return this;
    }

    public BatchApiClient build() {
        return new BatchApiClient(this);
    }
}
