package dev.batch.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ServiceRunnerTest {
    private final List<String> log = new CopyOnWriteArrayList<>();

    private Service service(String name) {
        return Services.of(name, () -> log.add("start " + name), () -> log.add("stop " + name));
    }

    @Test
    void startsInOrderAndStopsInReverseOnce() throws Exception {
        ServiceRunner runner =
                new ServiceRunner(List.of(service("a"), service("b"), service("c")), Duration.ofSeconds(1));
        runner.start();
        assertThat(runner.ready()).isTrue();
        runner.close();
        runner.close();
        assertThat(log).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
        assertThat(runner.state()).isEqualTo(ServiceRunner.State.STOPPED);
        runner.awaitStopped();
    }

    @Test
    void stopsWhatStartedWhenALaterServiceFailsToStart() {
        Service broken = Services.of(
                "broken",
                () -> {
                    throw new IllegalStateException("no broker");
                },
                () -> log.add("stop broken"));
        ServiceRunner runner = new ServiceRunner(List.of(service("a"), broken, service("c")), Duration.ofSeconds(1));
        assertThatThrownBy(runner::start).hasMessage("no broker");
        assertThat(log).containsExactly("start a", "stop a");
        assertThat(runner.state()).isEqualTo(ServiceRunner.State.STOPPED);
    }

    @Test
    void movesOnWhenAServiceDoesNotStopInTime() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Service stuck = Services.of("stuck", () -> {}, () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ServiceRunner runner = new ServiceRunner(List.of(service("a"), stuck), Duration.ofMillis(200));
        runner.start();
        runner.close();
        assertThat(log).containsExactly("start a", "stop a");
    }

    @Test
    void refusesToStartTwice() throws Exception {
        ServiceRunner runner = new ServiceRunner(List.of(service("a")), Duration.ofSeconds(1));
        runner.start();
        assertThatThrownBy(runner::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot go from RUNNING to STARTING");
        runner.close();
    }
}
