package dev.zhijia.station;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.stations")
public interface StationConfig {

    /** Below this many bottles a station shows as low on stock in admin views. */
    @WithDefault("20")
    int lowStockBottles();

    /** How often each replica checks that Redis still holds the station index. */
    @WithDefault("10s")
    String indexCheck();
}
