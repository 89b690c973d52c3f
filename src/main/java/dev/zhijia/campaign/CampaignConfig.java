package dev.zhijia.campaign;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.campaigns")
public interface CampaignConfig {

    /** Width of the member-id range one fan-out transaction covers (so at most this many inbox rows per commit). */
    @WithDefault("5000")
    int fanoutChunk();

    /** How often every replica looks for published campaigns whose fan-out or live push is unfinished. */
    @WithDefault("5s")
    Duration sweepEvery();

    Subscribe subscribe();

    interface Subscribe {

        /** Platform template id per campaign kind (NOTICE, EVENT, VOTE); absent: no message. */
        Map<String, Template> templates();

        /** Sends per second across all replicas (the platform rate-limits the account). */
        @WithDefault("50")
        int maxPerSecond();

        /** A transient failure (platform busy, timeout, 5xx) is retried until this many attempts. */
        @WithDefault("4")
        int maxAttempts();

        /** First retry delay; doubles with each attempt. */
        @WithDefault("2s")
        Duration retryDelay();

        @WithDefault("100")
        int batch();

        /** How long a sender's batch is its own; each send renews its message's lease, a lapsed one goes to another sender. */
        @WithDefault("60s")
        Duration lease();

        @WithDefault("1s")
        Duration sendEvery();

        /** formal, trial or developer: which build of the mini-program a tap on the message opens. */
        @WithDefault("formal")
        String miniprogramState();
    }

    interface Template {

        String id();

        /** The template's field for the campaign title (a {@code thing} field: at most 20 characters). */
        @WithDefault("thing1")
        String titleField();

        /** The template's field for the time (publish time, or the event's start). */
        @WithDefault("time2")
        String timeField();

        Optional<String> page();
    }
}
