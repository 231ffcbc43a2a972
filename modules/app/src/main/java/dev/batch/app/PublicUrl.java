package dev.batch.app;

import dev.batch.common.config.Config;
import dev.batch.common.config.ConfigException;
import dev.batch.webhooks.WebhookSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** BATCH_PUBLIC_URL: where clients reach the API, the base of signed URLs and webhook payload links. */
final class PublicUrl {
    private PublicUrl() {}

    /** The setting when set: an http(s) URL with a host, or start-up stops naming the setting. */
    static Optional<String> of(Config config) {
        if (!config.isSet(WebhookSettings.PUBLIC_URL)) return Optional.empty();
        String url = config.get(WebhookSettings.PUBLIC_URL).strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null
                || uri.getHost() == null
                || !List.of("http", "https")
                        .contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new ConfigException(WebhookSettings.PUBLIC_URL.name()
                    + ": expected the http(s) URL clients reach the API at, such as https://batch.example.com, got '"
                    + url + "'");
        }
        return Optional.of(url);
    }
}
