package dev.zhijia.station;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.stations")
public interface StationConfig {

    /** Below this many bottles a station shows as low on stock in admin views. */
    @WithDefault("20")
    int lowStockBottles();

    /** Problem reports one member may file per service-zone day, over all stations. */
    @WithDefault("10")
    int maxReportsPerDay();

    /** How often each replica checks that Redis still holds the station index. */
    @WithDefault("10s")
    String indexCheck();
}
