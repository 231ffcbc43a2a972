package dev.batch.worker;

import java.util.concurrent.ThreadFactory;

/** Threads that do not keep the JVM alive: a worker's helpers end with it. */
final class Daemons {
    private Daemons() {}

    static ThreadFactory named(String threadName) {
        return r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        };
    }
}
