package dev.batch.common.lifecycle;

import java.util.function.BooleanSupplier;

/** Adapts a start and a stop action into a {@link Service}, for resources the runner should own. */
public final class Services {
    private Services() {}

    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    public static Service of(String name, Action start, Runnable stop) {
        return of(name, start, stop, () -> true);
    }

    public static Service of(String name, Action start, Runnable stop, BooleanSupplier ready) {
        return new Service() {
            private volatile boolean started;

            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() throws Exception {
                start.run();
                started = true;
            }

            @Override
            public void stop() {
                if (started) {
                    started = false;
                    stop.run();
                }
            }

            @Override
            public boolean ready() {
                return started && ready.getAsBoolean();
            }
        };
    }
}
