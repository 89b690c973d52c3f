package dev.zhijia.campaign;

import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.org.Scope;
import dev.zhijia.wechat.SubscribeRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Reads that combine a campaign with a member's own state, or with its delivery progress for admins. */
@ApplicationScoped
public class CampaignReads {

    /** How far a publish has got: inbox fan-out, live push, subscribe-message outcomes. */
    @RegisterForReflection
    public record Delivery(
            long campaignId,
            Campaign.Status status,
            OffsetDateTime publishedAt,
            long inboxDelivered,
            boolean fanoutDone,
            OffsetDateTime fanoutDoneAt,
            String liveEventId,
            Map<String, Long> subscribeMessages) {}

    private final Campaigns campaigns;
    private final Signups signups;
    private final Votes votes;
    private final SubscribeRepository subscribe;
    private final ShiftableClock clock;

    CampaignReads(
            Campaigns campaigns, Signups signups, Votes votes, SubscribeRepository subscribe, ShiftableClock clock) {
        this.campaigns = campaigns;
        this.signups = signups;
        this.votes = votes;
        this.subscribe = subscribe;
        this.clock = clock;
    }

    public CampaignView forMember(long memberId, long campaignId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = campaigns.visibleTo(memberId, campaignId);
            return campaigns
                    .view(c)
                    .withMine(new CampaignView.Mine(signups.current(memberId, c), votes.mine(memberId, c)));
        });
    }

    public Delivery delivery(Scope scope, long campaignId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign c = campaigns.find(scope, campaignId, LockModeType.NONE);
            return new Delivery(
                    c.id,
                    c.status,
                    clock.at(c.publishedAt),
                    c.fanoutDelivered,
                    c.fanoutDoneAt != null,
                    clock.at(c.fanoutDoneAt),
                    c.liveEventId,
                    subscribe.outcomes(c.id));
        });
    }
}
