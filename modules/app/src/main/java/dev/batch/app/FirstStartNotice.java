package dev.batch.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the embedded broker's notice that its metadata log is empty, logged as a warning on every
 * first start of a data directory: that is the expected state of a new installation, not something
 * to act on. Every other line of the controller is kept.
 */
public final class FirstStartNotice extends TurboFilter {
    private static final String CONTROLLER = "org.apache.kafka.controller.QuorumController";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == Level.WARN
                && format != null
                && CONTROLLER.equals(logger.getName())
                && format.contains("The metadata log appears to be empty")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
