package dev.zhijia.campaign;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import dev.zhijia.common.NativeCounts;
import dev.zhijia.member.Audience;

/** Campaign SQL beyond the entity: options, the fan-out's INSERT ... SELECT chunks, and what the sweeper looks for. */
@ApplicationScoped
class CampaignRepository {

    static final String INBOX_KIND = "CAMPAIGN";

    private final EntityManager em;

    CampaignRepository(EntityManager em) {
        this.em = em;
    }

    @SuppressWarnings("unchecked")
    List<CampaignView.Option> options(long campaignId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id, label FROM campaign_option WHERE campaign_id = ?1 ORDER BY position")
                .setParameter(1, campaignId)
                .getResultList();
        return rows.stream()
                .map(r -> new CampaignView.Option(((Number) r[0]).longValue(), (String) r[1]))
                .toList();
    }

    void replaceOptions(long campaignId, List<String> labels) {
        em.createNativeQuery("DELETE FROM campaign_option WHERE campaign_id = ?1")
                .setParameter(1, campaignId)
                .executeUpdate();
        for (int i = 0; i < labels.size(); i++) {
            em.createNativeQuery("INSERT INTO campaign_option (campaign_id, position, label) VALUES (?1, ?2, ?3)")
                    .setParameter(1, campaignId)
                    .setParameter(2, i)
                    .setParameter(3, labels.get(i))
                    .executeUpdate();
        }
    }

    long waitlisted(long campaignId) {
        return NativeCounts.count(
                em,
                "SELECT COUNT(*) FROM campaign_signup WHERE campaign_id = ?1 AND status = 'WAITLISTED'",
                campaignId);
    }

    /** The newest member at publish time: the fan-out covers ids up to it. */
    long maxMemberId() {
        Number n = (Number)
                em.createNativeQuery("SELECT COALESCE(MAX(id), 0) FROM member").getSingleResult();
        return n.longValue();
    }

    /** One chunk of the fan-out: an inbox entry for every audience member with {@code lo <= id < hi}. */
    int deliverInbox(Campaign c, long lo, long hi, Instant now) {
        Audience.SqlFilter filter = c.audience().sql(7);
        Query q = em.createNativeQuery("INSERT INTO inbox_message (member_id, kind, title, body, ref_id, created_at)"
                        + " SELECT m.id, ?1, ?2, ?3, ?4, ?5 FROM member m JOIN roster_entry r ON r.id = m.roster_id"
                        + " WHERE m.id >= ?6 AND m.id < ?"
                        + (7 + filter.params().size()) + filter.where())
                .setParameter(1, INBOX_KIND)
                .setParameter(2, c.title)
                .setParameter(3, c.body)
                .setParameter(4, c.id)
                .setParameter(5, now)
                .setParameter(6, lo)
                .setParameter(7 + filter.params().size(), hi);
        bind(q, 7, filter.params());
        return q.executeUpdate();
    }

    /** The same chunk's subscribe messages: audience members who have a send left for this template. */
    int queueSubscribe(Campaign c, String templateId, long lo, long hi, Instant now) {
        Audience.SqlFilter filter = c.audience().sql(9);
        // what the message says (wechat/SubscribeSender): the title, and the event's start or the publish time
        Instant when = c.kind == Campaign.Kind.EVENT && c.eventStartsAt != null ? c.eventStartsAt : c.publishedAt;
        Query q = em.createNativeQuery(
                        "INSERT INTO subscribe_message (campaign_id, topic, ref_id, member_id, template_id, title, happens_at,"
                                + " status, attempts, next_attempt_at, created_at) SELECT ?1, ?6, ?1, m.id, ?2, ?7, ?8, 'PENDING', 0, ?3, ?3"
                                + " FROM member m JOIN roster_entry r ON r.id = m.roster_id"
                                + " JOIN subscribe_consent s ON s.member_id = m.id AND s.template_id = ?2 AND s.credits > 0"
                                + " WHERE m.id >= ?4 AND m.id < ?5" + filter.where())
                .setParameter(1, c.id)
                .setParameter(2, templateId)
                .setParameter(3, now)
                .setParameter(4, lo)
                .setParameter(5, hi)
                .setParameter(6, c.kind.name())
                .setParameter(7, c.title)
                .setParameter(8, when == null ? now : when);
        bind(q, 9, filter.params());
        return q.executeUpdate();
    }

    /**
     * Records a chunk as done — only if nobody did it first. Run last in the chunk's transaction: 0 rows
     * means another replica delivered this range, and the caller rolls its inserts back.
     */
    boolean advanceFanout(long campaignId, long lo, long hi, int delivered, boolean done, Instant now) {
        Query q = em.createNativeQuery(
                        "UPDATE campaign SET fanout_next_member_id = ?1, fanout_delivered = fanout_delivered + ?2"
                                + (done ? ", fanout_done_at = ?5" : "")
                                + " WHERE id = ?3 AND fanout_next_member_id = ?4 AND fanout_done_at IS NULL")
                .setParameter(1, hi)
                .setParameter(2, delivered)
                .setParameter(3, campaignId)
                .setParameter(4, lo);
        if (done) {
            q.setParameter(5, now);
        }
        return q.executeUpdate() == 1;
    }

    @SuppressWarnings("unchecked")
    List<Long> unfinished() {
        List<Number> ids = em.createNativeQuery("SELECT id FROM campaign WHERE status = 'PUBLISHED'"
                        + " AND (fanout_done_at IS NULL OR live_event_id IS NULL) ORDER BY id LIMIT 100")
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    void liveEventSent(long campaignId, String eventId) {
        em.createNativeQuery("UPDATE campaign SET live_event_id = ?1 WHERE id = ?2 AND live_event_id IS NULL")
                .setParameter(1, eventId)
                .setParameter(2, campaignId)
                .executeUpdate();
    }

    private static void bind(Query q, int first, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(first + i, params.get(i));
        }
    }
}
