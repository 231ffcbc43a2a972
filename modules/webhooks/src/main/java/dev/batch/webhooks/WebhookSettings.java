package dev.batch.webhooks;

import dev.batch.common.config.Setting;
import java.util.List;

/** Settings of webhook delivery. */
public final class WebhookSettings {
    public static final Setting<String> ALLOWED_HOSTS = Setting.string("BATCH_WEBHOOK_ALLOWED_HOSTS", "",
            "Receiver hosts and CIDR ranges allowed although internal (loopback, private...), comma-separated; for development and tests.");
    public static final List<Setting<?>> ALL = List.of(ALLOWED_HOSTS);

    private WebhookSettings() {}
}
