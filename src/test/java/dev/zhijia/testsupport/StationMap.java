package dev.zhijia.testsupport;

import java.time.Duration;

import dev.zhijia.station.StationIndex;
import io.quarkus.arc.Arc;

/** For tests that empty Redis: wait until the station map is back (whichever replica or timer rebuilds it). */
public final class StationMap {

    private StationMap() {}

    public static void awaitRebuilt() {
        StationIndex index = Arc.container().instance(StationIndex.class).get();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!index.ready().await().atMost(Duration.ofSeconds(5))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the station map was not rebuilt within 20 s");
            }
            index.rebuildIfLost();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
