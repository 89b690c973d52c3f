package dev.zhijia.notify;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * This replica's reader of the shared live-event stream: one thread blocks on XREAD and hands each
 * entry to the sockets open here. Every replica reads every entry (no consumer group), so whichever
 * replica holds a member's socket delivers. A Redis outage pauses delivery; the reader resumes from
 * the last id it saw, so nothing still in the stream is skipped.
 */
@Singleton
class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    private final StreamCommands<String, String, String> stream;
    private final LiveEvents events;
    private final LiveSessions sessions;
    private final LiveConfig config;
    private volatile boolean running;
    private volatile String lastId;
    private Thread reader;

    LiveFeed(RedisDataSource redis, LiveEvents events, LiveSessions sessions, LiveConfig config) {
        this.stream = redis.stream(String.class);
        this.events = events;
        this.sessions = sessions;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        reader = new Thread(this::run, "live-feed");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (reader != null) {
            reader.interrupt();
        }
    }

    private void run() {
        long failures = 0;
        while (running) {
            try {
                if (lastId == null) {
                    lastId = events.newestId();
                }
                List<StreamMessage<String, String, String>> batch = stream.xread(
                        LiveEvents.STREAM,
                        lastId,
                        new XReadArgs().block(config.readBlock()).count(500));
                for (StreamMessage<String, String, String> m : batch) {
                    lastId = m.id();
                    try {
                        sessions.dispatch(LiveEvent.from(m.id(), m.payload()));
                    } catch (RuntimeException e) {
                        LOG.warnf("live event %s not dispatched: %s", m.id(), e.toString());
                    }
                }
                failures = 0;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (failures++ % 30 == 0) {
                    LOG.warnf("live feed cannot read Redis, retrying: %s", e.toString());
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
