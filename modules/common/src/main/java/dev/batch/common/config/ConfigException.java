package dev.batch.common.config;

/** A setting is missing or malformed; the message starts with the setting's name. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
