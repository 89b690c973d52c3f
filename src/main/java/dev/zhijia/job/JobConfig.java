package dev.zhijia.job;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.jobs")
public interface JobConfig {

    /** How often each replica moves the Redis view counters into MySQL. */
    @WithDefault("10s")
    Duration viewsFlushEvery();

    /** Search radius when a position is given without one, metres. */
    @WithDefault("5000")
    int defaultRadius();

    /** The largest radius a search may ask for, metres. */
    @WithDefault("50000")
    int maxRadius();
}
