package dev.zhijia.contest;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.contests")
public interface ContestConfig {

    /** How often every replica looks for closed contests to award (one of them awards each, under a lease). */
    @WithDefault("10s")
    Duration awardEvery();

    /**
     * How long after the close the award starts: an answer accepted just before the close may still be
     * committing, and the ranking must be final before anyone is awarded.
     */
    @WithDefault("10s")
    Duration awardAfter();

    /** How long one replica holds a contest's award before another may resume it. */
    @WithDefault("60s")
    Duration awardLease();

    /** Ranks awarded per transaction. */
    @WithDefault("500")
    int awardChunk();

    /** How often every replica checks that the Redis leaderboards of running contests still hold every best attempt. */
    @WithDefault("60s")
    Duration reconcileEvery();
}
