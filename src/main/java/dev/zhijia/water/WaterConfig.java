package dev.zhijia.water;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.water")
public interface WaterConfig {

    /** Bottles per member per service-zone day, at stations of one type. */
    @WithDefault("1")
    int dailyQuota();

    /** Overrides of {@link #dailyQuota()} per station type, e.g. {@code zhijia.water.quota-by-type.DRIVERS_HOME=2}. */
    Map<String, Integer> quotaByType();

    /** How long a pickup code (and the bottle it holds) lives. */
    @WithDefault("10m")
    Duration codeLifetime();
}
