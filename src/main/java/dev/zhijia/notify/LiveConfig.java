package dev.zhijia.notify;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The live-event stream behind /me/live (keys kept under zhijia.campaigns.live, where they were first documented). */
@ConfigMapping(prefix = "zhijia.campaigns.live")
public interface LiveConfig {

    /** Entries the shared live-event stream keeps (approximately); older events cannot be resumed. */
    @WithDefault("20000")
    int streamMaxLength();

    /** How long one XREAD waits for new events; must stay below quarkus.redis.timeout. */
    @WithDefault("2s")
    Duration readBlock();

    /** At most this many missed events are replayed to a reconnecting client; more and it is told to resync. */
    @WithDefault("500")
    int maxReplay();
}
