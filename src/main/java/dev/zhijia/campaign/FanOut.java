package dev.zhijia.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.RedisLock;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.wechat.SubscribeTemplates;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/**
 * Delivers a published campaign to its audience's inboxes (and queues subscribe messages) in chunks
 * of member ids: each chunk is one INSERT ... SELECT in its own short transaction, so no transaction
 * and no memory grows with the audience. The chunk's last statement moves the campaign's fan-out
 * cursor with a guarded UPDATE; if another replica already moved it, the chunk rolls back — so a
 * range is delivered exactly once even when two replicas (or a restarted one) work on the same
 * campaign. A Redis lock only keeps them from duplicating the effort.
 */
@ApplicationScoped
class FanOut {

    private static final Logger LOG = Logger.getLogger(FanOut.class);
    /** Renewed after every chunk: a worker that died frees the campaign for the sweeper within a minute. */
    private static final Duration LOCK_TTL = Duration.ofSeconds(60);

    enum Step {
        MORE,
        DONE,
        LOST
    }

    private final EntityManager em;
    private final CampaignRepository repo;
    private final CampaignConfig config;
    private final SubscribeTemplates templates;
    private final ShiftableClock clock;
    private final RedisLock locks;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "campaign-fanout");
        t.setDaemon(true);
        return t;
    });

    FanOut(
            EntityManager em,
            CampaignRepository repo,
            CampaignConfig config,
            SubscribeTemplates templates,
            ShiftableClock clock,
            RedisLock locks) {
        this.em = em;
        this.repo = repo;
        this.config = config;
        this.templates = templates;
        this.clock = clock;
        this.locks = locks;
    }

    void start(long campaignId) {
        workers.submit(() -> {
            try {
                run(campaignId);
            } catch (RuntimeException e) {
                LOG.warnf("fan-out of campaign %d stopped, the sweeper resumes it: %s", campaignId, e.toString());
            }
        });
    }

    /** Delivers every remaining chunk, unless another worker holds the campaign. */
    void run(long campaignId) {
        String lock = "{campaign:" + campaignId + "}:fanout";
        String token = locks.tryAcquire(lock, LOCK_TTL);
        if (token == null) {
            return;
        }
        long started = System.nanoTime();
        int chunks = 0;
        try {
            Step step;
            do {
                step = chunk(campaignId);
                chunks++;
                locks.extend(lock, token, LOCK_TTL);
            } while (step == Step.MORE);
            LOG.infof(
                    "fan-out of campaign %d: %s after %d chunks in %d ms",
                    campaignId, step, chunks, (System.nanoTime() - started) / 1_000_000);
        } finally {
            locks.release(lock, token);
        }
    }

    Step chunk(long campaignId) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Campaign c = em.find(Campaign.class, campaignId);
                if (c == null || !c.published() || c.fanoutDoneAt != null) {
                    return Step.DONE;
                }
                Instant now = clock.instant();
                long lo = c.fanoutNextMemberId;
                long hi = lo + config.fanoutChunk();
                int delivered = repo.deliverInbox(c, lo, hi, now);
                String template = templates.idFor(c.kind);
                if (template != null) {
                    repo.queueSubscribe(c, template, lo, hi, now);
                }
                boolean done = hi > c.fanoutLastMemberId;
                if (!repo.advanceFanout(campaignId, lo, hi, delivered, done, now)) {
                    throw new ChunkTaken();
                }
                return done ? Step.DONE : Step.MORE;
            });
        } catch (ChunkTaken e) {
            return Step.LOST;
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Another worker delivered this range first: roll ours back. */
    private static final class ChunkTaken extends RuntimeException {
        ChunkTaken() {
            super("chunk already delivered", null, false, false);
        }
    }
}
