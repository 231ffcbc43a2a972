package dev.batch.splitter;

import dev.batch.events.SplitProgress;

/**
 * A job's window: how many of its tasks may be out and not finished at once. It is what the job's
 * observed finish rate gets done in {@code queueTarget}, at least {@code minWindow}: a 100,000-item
 * job keeps a couple of seconds of work in the task topics, not its backlog, so another project's
 * one-item job waits about that long behind it.
 */
final class JobWindow {
    static final int MAX = 100_000;

    private final SplitterSettings settings;

    JobWindow(SplitterSettings settings) {
        this.settings = settings;
    }

    /** Tasks the job may still send before its window is full. */
    long room(SplitProgress p) {
        return size(p) - (p.getReleased() - p.getFinished());
    }

    /**
     * Takes what the job's status counts as finished and, once a sample period has passed, resizes
     * the window to the rate since the last sample; false for an older status, read late.
     */
    boolean finished(SplitProgress progress, long finished, long nowMillis) {
        if (finished <= progress.getFinished()) return false;
        progress.setFinished(finished);
        if (progress.getSampleAt() == 0) {
            sample(progress, nowMillis, finished, progress.getSampleRate());
        } else if (nowMillis - progress.getSampleAt() >= settings.sampleEvery().toMillis()) {
            double perSecond =
                    (finished - progress.getSampleFinished()) * 1000.0 / (nowMillis - progress.getSampleAt());
            long window = Math.round(perSecond * settings.queueTarget().toMillis() / 1000.0);
            int current = size(progress);
            // Still speeding up with a full window: the window, not the workers, holds the job back, so it
            // doubles (the rate lags a round trip through the workers and the aggregator behind it).
            boolean growing =
                    perSecond > 1.3 * progress.getSampleRate() && progress.getReleased() - finished >= current / 2;
            if (growing) window = Math.max(window, 2L * current);
            progress.setWindow((int) Math.max(settings.minWindow(), Math.min(MAX, window)));
            sample(progress, nowMillis, finished, perSecond);
        }
        return true;
    }

    private int size(SplitProgress p) {
        return p.getWindow() == 0 ? settings.minWindow() : p.getWindow();
    }

    private static void sample(SplitProgress progress, long at, long finished, double rate) {
        progress.setSampleAt(at);
        progress.setSampleFinished(finished);
        progress.setSampleRate(rate);
    }
}
