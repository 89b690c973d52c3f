package dev.zhijia.campaign;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * Finishes what a publish started when the replica doing it died or Redis was down: the live push
 * and the remaining fan-out chunks. Safe on every replica at once (see {@link FanOut}).
 */
@ApplicationScoped
class CampaignSweeper {

    private static final Logger LOG = Logger.getLogger(CampaignSweeper.class);

    private final CampaignRepository repo;
    private final Campaigns campaigns;
    private final FanOut fanOut;

    CampaignSweeper(CampaignRepository repo, Campaigns campaigns, FanOut fanOut) {
        this.repo = repo;
        this.campaigns = campaigns;
        this.fanOut = fanOut;
    }

    @Scheduled(
            every = "${zhijia.campaigns.sweep-every:5s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        List<Long> unfinished = QuarkusTransaction.requiringNew().call(repo::unfinished);
        for (Long id : unfinished) {
            try {
                campaigns.pushLive(id);
                fanOut.run(id);
            } catch (RuntimeException e) {
                LOG.warnf("campaign %d: resuming its delivery failed, will retry: %s", id, e.toString());
            }
        }
    }
}
