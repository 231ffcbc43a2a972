package dev.batch.common.blob;

import java.time.Instant;

/**
 * A process's record stamps: wall-clock microseconds that never go back and pass every stamp it has read, so a
 * process that overwrites or deletes what it saw writes a newer record. Guarded by the segment log's lock.
 */
final class Stamps {
    private long last;

    long next() {
        Instant now = Instant.now();
        last = Math.max(now.getEpochSecond() * 1_000_000 + now.getNano() / 1000, last + 1);
        return last;
    }

    void saw(long stamp) {
        last = Math.max(last, stamp);
    }
}
