package dev.zhijia.water;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.water")
public interface WaterConfig {

    /** Bottles per member per service-zone day, across all stations (but those of a type with its own quota). */
    @WithDefault("1")
    int dailyQuota();

    /**
     * Station types with a daily quota of their own, counted apart from {@link #dailyQuota()}, e.g.
     * {@code zhijia.water.quota-by-type.DRIVERS_HOME=2}. None by default.
     */
    Map<String, Integer> quotaByType();

    /** How long a pickup code (and the bottle it holds) lives. */
    @WithDefault("10m")
    Duration codeLifetime();
}
