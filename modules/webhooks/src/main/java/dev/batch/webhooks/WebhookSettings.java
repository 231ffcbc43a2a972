package dev.batch.webhooks;

import dev.batch.common.config.Durations;
import dev.batch.common.config.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Settings of webhook delivery. */
public final class WebhookSettings {
    public static final Setting<String> ALLOWED_HOSTS = Setting.string(
            "BATCH_WEBHOOK_ALLOWED_HOSTS",
            "",
            "Hosts and CIDR ranges allowed although internal (loopback, private...), comma-separated; for development and tests."
                    + " The one allow list of outbound URLs: webhook receivers and the documents a parse job fetches from its source_url.");
    public static final Setting<String> RETRY_DELAYS = Setting.string(
            "BATCH_WEBHOOK_RETRY_DELAYS",
            "5s,5m,30m,2h,5h,10h,10h",
            "Waits before each retry of a failed delivery (Standard Webhooks' schedule; up to 10% jitter added); then it is given up.");
    public static final Setting<Duration> TIMEOUT = Setting.duration(
            "BATCH_WEBHOOK_TIMEOUT",
            Duration.ofSeconds(10),
            "Deadline of a whole delivery attempt: connecting (at most 5 s), sending, and the receiver's answer, headers and body.");
    public static final Setting<Integer> THREADS = Setting.integer(
            "BATCH_WEBHOOK_THREADS",
            8,
            1,
            256,
            "Deliveries in flight at once; one receiver of one job has at most one, so its events stay in order.");
    public static final Setting<Integer> PROJECT_IN_FLIGHT = Setting.integer(
            "BATCH_WEBHOOK_PROJECT_IN_FLIGHT",
            4,
            1,
            256,
            "Deliveries of one project in flight at once (keep it below BATCH_WEBHOOK_THREADS): a project's slow receivers leave the"
                    + " other threads to the other projects; its further deliveries wait for one of its own to end.");
    public static final Setting<String> PUBLIC_URL = Setting.string(
            "BATCH_PUBLIC_URL",
            "http://localhost:8080",
            "Base URL of this service as clients and receivers reach it: signed download URLs and webhook payload links point there"
                    + " (never the request's Host header). Unset: http://localhost:<BATCH_HTTP_PORT>.");
    public static final List<Setting<?>> ALL =
            List.of(ALLOWED_HOSTS, RETRY_DELAYS, TIMEOUT, THREADS, PROJECT_IN_FLIGHT, PUBLIC_URL);

    /** The retry schedule, parsed; fails naming the setting. */
    public static List<Duration> retryDelays(String raw) {
        List<Duration> out = new ArrayList<>();
        for (String d : raw.split(",")) {
            if (d.isBlank()) continue;
            try {
                out.add(Durations.parse(d.strip()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "BATCH_WEBHOOK_RETRY_DELAYS: '" + d.strip() + "' is not a duration", e);
            }
        }
        return List.copyOf(out);
    }

    private WebhookSettings() {}
}
