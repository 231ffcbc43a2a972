package dev.batch.common.lifecycle;

/**
 * Every service has the same lifecycle so that one runner can start a list of them, in one JVM or
 * one per process. {@link #start()} returns once the service is running (or throws); {@link #stop()}
 * is idempotent and bounded; {@link #ready()} tells the readiness probe whether it can serve.
 */
public interface Service {
    String name();

    void start() throws Exception;

    void stop();

    default boolean ready() {
        return true;
    }
}
