package dev.batch.common.kafka;

import java.time.Duration;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A wall-clock punctuator that is scheduled only while its processor has work for it. Streams
 * commits a task after every punctuation, even one that did nothing, and under exactly-once each
 * commit is a transaction (five or so broker requests): an app that ticks every 10 ms while idle
 * keeps the broker busy for nothing. Call {@link #need(boolean)} whenever the work may have
 * started or ended (from {@code process}, from {@code init} after a restore, or from the tick itself).
 */
public final class Ticker {
    private final ProcessorContext<?, ?> context;
    private final Duration every;
    private final Punctuator action;
    private Cancellable scheduled;

    public Ticker(ProcessorContext<?, ?> context, Duration every, Punctuator action) {
        this.context = context;
        this.every = every;
        this.action = action;
    }

    /** Starts ticking when {@code work} and not yet ticking; stops when no work is left. */
    public void need(boolean work) {
        if (work && scheduled == null) {
            scheduled = context.schedule(every, PunctuationType.WALL_CLOCK_TIME, action);
        } else if (!work && scheduled != null) {
            scheduled.cancel(); // Streams allows this from within the punctuation itself
            scheduled = null;
        }
    }
}
