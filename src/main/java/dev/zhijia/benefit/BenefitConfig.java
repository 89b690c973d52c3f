package dev.zhijia.benefit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.benefits")
public interface BenefitConfig {

    /** How often every replica looks for closed lotteries to draw (and sweeps expired claim codes). */
    @WithDefault("10s")
    Duration drawEvery();

    @WithDefault("5s")
    Duration reconcileEvery();

    /** Entrants per draw transaction: a crash loses at most one chunk's work, which the next run redoes. */
    @WithDefault("1000")
    int drawChunk();

    /** How long a replica's draw is its own without progress; after that another replica resumes it. */
    @WithDefault("60s")
    Duration drawLease();
}
