package dev.batch.common.lifecycle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services in order and stops them in reverse, each stop bounded by a timeout. A named
 * shutdown hook stops everything on SIGTERM/Ctrl-C. If a service fails to start, the ones already
 * started are stopped and the failure is rethrown.
 */
public final class ServiceRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    public enum State {
        NEW,
        STARTING,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final List<Service> services;
    private final Duration stopTimeout;
    private final Deque<Service> started = new ArrayDeque<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread hook;

    public ServiceRunner(List<Service> services, Duration stopTimeout) {
        this.services = List.copyOf(services);
        this.stopTimeout = stopTimeout;
    }

    public State state() {
        return state.get();
    }

    private void transition(State from, State to) {
        if (!state.compareAndSet(from, to)) {
            throw new IllegalStateException(
                    "cannot go from " + state.get() + " to " + to + " (only from " + from + ")");
        }
        log.debug("Runner {} -> {}", from, to);
    }

    public void start() throws Exception {
        transition(State.NEW, State.STARTING);
        for (Service s : services) {
            long t0 = System.nanoTime();
            try {
                s.start();
            } catch (Exception | Error e) {
                log.error("Service {} failed to start; stopping the {} already started", s.name(), started.size(), e);
                state.set(State.STOPPING);
                stopStarted();
                throw e;
            }
            started.push(s);
            log.info("Started {} in {} ms", s.name(), (System.nanoTime() - t0) / 1_000_000);
        }
        transition(State.STARTING, State.RUNNING);
    }

    /** Registers a shutdown hook named {@code name} that closes this runner. */
    public ServiceRunner withShutdownHook(String name) {
        hook = new Thread(this::close, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    public boolean ready() {
        return state.get() == State.RUNNING && services.stream().allMatch(Service::ready);
    }

    /** Blocks until {@link #close()} has run (from the shutdown hook or another thread). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        State s = state.getAndUpdate(x -> x == State.STOPPED ? x : State.STOPPING);
        if (s == State.STOPPED || s == State.STOPPING) {
            return;
        }
        stopStarted();
    }

    private void stopStarted() {
        ExecutorService stopper = Executors.newSingleThreadExecutor(r -> new Thread(r, "service-stopper"));
        try {
            while (!started.isEmpty()) {
                Service s = started.pop();
                Future<?> f = stopper.submit(s::stop);
                try {
                    f.get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Stopped {}", s.name());
                } catch (TimeoutException e) {
                    log.warn("Service {} did not stop within {}; moving on", s.name(), stopTimeout);
                    f.cancel(true);
                    stopper.shutdownNow();
                    stopper = Executors.newSingleThreadExecutor(r -> new Thread(r, "service-stopper"));
                } catch (Exception e) {
                    log.warn("Service {} failed while stopping", s.name(), e);
                }
            }
        } catch (RuntimeException e) {
            log.error("Unexpected failure while stopping services", e);
        } finally {
            stopper.shutdown();
            state.set(State.STOPPED);
            stopped.countDown();
        }
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting; the hook is running or about to, and will find us stopped
            }
        }
    }
}
