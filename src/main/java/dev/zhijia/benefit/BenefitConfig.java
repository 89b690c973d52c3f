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

    /**
     * How long a replica answers a sold-out benefit's taps from memory without hearing from Redis: the
     * bound on a wrong BENEFIT_SOLD_OUT when a "unit returned" message is lost.
     */
    @WithDefault("3s")
    Duration soldOutMemory();

    /** Entrants per draw transaction: a crash loses at most one chunk's work, which the next run redoes. */
    @WithDefault("1000")
    int drawChunk();

    /** How long a replica's draw is its own without progress; after that another replica resumes it. */
    @WithDefault("60s")
    Duration drawLease();
}
