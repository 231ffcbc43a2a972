package dev.batch.common.config;

import java.util.List;

/**
 * Logging, read by logback itself from the environment (or system properties) when it starts, so
 * they are declared here only to be documented and checked like every other setting.
 */
public final class LogSettings {
    public static final Setting<String> LEVEL = Setting.oneOf(
            "BATCH_LOG_LEVEL",
            "INFO",
            List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR"),
            "Level of the services' own log lines (Kafka, Jetty and Tika stay at WARN).");
    public static final Setting<String> FORMAT = Setting.oneOf(
            "BATCH_LOG_FORMAT",
            "TEXT",
            List.of("TEXT", "JSON"),
            "TEXT: one readable line per event, project_id/job_id/item_id/correlation_id appended; JSON: one JSON object per line "
                    + "(logback's JsonEncoder) with the MDC, for log shippers.");
    public static final List<Setting<?>> ALL = List.of(LEVEL, FORMAT);

    private LogSettings() {}
}
