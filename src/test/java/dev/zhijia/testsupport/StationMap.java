package dev.zhijia.testsupport;

import java.time.Duration;

import dev.zhijia.station.StationIndex;
import io.quarkus.arc.Arc;

import static org.awaitility.Awaitility.await;

/** For tests that empty Redis: wait until the station map is back (whichever replica or timer rebuilds it). */
public final class StationMap {

    private StationMap() {}

    public static void awaitRebuilt() {
        StationIndex index = Arc.container().instance(StationIndex.class).get();
        await("the station map rebuilt")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (index.ready().await().atMost(Duration.ofSeconds(5))) {
                        return true;
                    }
                    index.rebuildIfLost();
                    return false;
                });
    }
}
