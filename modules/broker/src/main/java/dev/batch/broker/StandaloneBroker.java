package dev.batch.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The broker as its own process (used by {@code scripts/kafka}): same properties and data layout as
 * the all-in-one app's embedded broker, so either can run on the same data directory.
 * Arguments: data directory, port, controller port; for a node of a cluster on this machine also its
 * node id, the voters ({@code 1@localhost:9093,…}) and the cluster id. Prints "Kafka Server started"
 * when ready.
 */
public final class StandaloneBroker {
    private StandaloneBroker() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 6) {
            System.err.println(
                    "usage: StandaloneBroker <data-dir> <port> <controller-port> [<node-id> <voters> <cluster-id>]");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = args.length == 3
                ? EmbeddedKafkaBroker.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]))
                : EmbeddedKafkaBroker.startClusterNode(
                        Path.of(args[0]),
                        Integer.parseInt(args[3]),
                        Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]),
                        args[4],
                        args[5]);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.close();
                            done.countDown();
                        },
                        "kafka-broker-shutdown"));
        System.out.println("Kafka Server started at " + broker.bootstrapServers());
        System.out.flush();
        done.await();
    }
}
