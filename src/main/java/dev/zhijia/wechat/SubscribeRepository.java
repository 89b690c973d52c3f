package dev.zhijia.wechat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.SqlTimes;

/** Consent counts and the subscribe-message queue with its outcomes. */
@ApplicationScoped
public class SubscribeRepository {

    /** Sends one member may bank per template (each acceptance in the mini-program adds one). */
    static final int MAX_CREDITS = 50;

    record Due(
            long id,
            String topic,
            long refId,
            long memberId,
            String templateId,
            String title,
            Instant happensAt,
            int attempts,
            String openid) {}

    private final EntityManager em;

    SubscribeRepository(EntityManager em) {
        this.em = em;
    }

    void accept(long memberId, String templateId, Instant now) {
        em.createNativeQuery(
                        "INSERT INTO subscribe_consent (member_id, template_id, credits, updated_at) VALUES (?1, ?2, 1, ?3)"
                                + " ON DUPLICATE KEY UPDATE credits = LEAST(credits + 1, " + MAX_CREDITS
                                + "), updated_at = VALUES(updated_at)")
                .setParameter(1, memberId)
                .setParameter(2, templateId)
                .setParameter(3, now)
                .executeUpdate();
    }

    void revoke(long memberId, String templateId, Instant now) {
        em.createNativeQuery(
                        "UPDATE subscribe_consent SET credits = 0, updated_at = ?3 WHERE member_id = ?1 AND template_id = ?2")
                .setParameter(1, memberId)
                .setParameter(2, templateId)
                .setParameter(3, now)
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    Map<String, Integer> credits(long memberId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT template_id, credits FROM subscribe_consent WHERE member_id = ?1")
                .setParameter(1, memberId)
                .getResultList();
        Map<String, Integer> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put((String) r[0], ((Number) r[1]).intValue()));
        return out;
    }

    /** Uses up one send of the member's consent; false when none is left. */
    boolean consume(long memberId, String templateId, Instant now) {
        return em.createNativeQuery("UPDATE subscribe_consent SET credits = credits - 1, updated_at = ?3"
                                + " WHERE member_id = ?1 AND template_id = ?2 AND credits > 0")
                        .setParameter(1, memberId)
                        .setParameter(2, templateId)
                        .setParameter(3, now)
                        .executeUpdate()
                == 1;
    }

    /** Gives a send back when the platform never delivered the message. */
    void refund(long memberId, String templateId, Instant now) {
        em.createNativeQuery("UPDATE subscribe_consent SET credits = LEAST(credits + 1, " + MAX_CREDITS
                        + "), updated_at = ?3" + " WHERE member_id = ?1 AND template_id = ?2")
                .setParameter(1, memberId)
                .setParameter(2, templateId)
                .setParameter(3, now)
                .executeUpdate();
    }

    /**
     * Queues one message of a topic other than a campaign's (those are queued per fan-out chunk by campaign/) for
     * a member with a send left for the template; 0 when there is none (no consent: no message).
     */
    int queueOne(
            String topic, long refId, long memberId, String templateId, String title, Instant happensAt, Instant now) {
        return em.createNativeQuery(
                        "INSERT INTO subscribe_message (topic, ref_id, member_id, template_id, title, happens_at, status, attempts,"
                                + " next_attempt_at, created_at) SELECT ?1, ?2, member_id, template_id, ?3, ?4, 'PENDING', 0, ?5, ?5"
                                + " FROM subscribe_consent WHERE member_id = ?6 AND template_id = ?7 AND credits > 0")
                .setParameter(1, topic)
                .setParameter(2, refId)
                .setParameter(3, title.length() <= 100 ? title : title.substring(0, 100))
                .setParameter(4, happensAt)
                .setParameter(5, now)
                .setParameter(6, memberId)
                .setParameter(7, templateId)
                .executeUpdate();
    }

    /** Outcomes of one topic's messages about one thing (a booking's reminders). */
    @SuppressWarnings("unchecked")
    public Map<String, Long> outcomes(String topic, long refId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT status, COUNT(*) FROM subscribe_message WHERE topic = ?1 AND ref_id = ?2 GROUP BY status")
                .setParameter(1, topic)
                .setParameter(2, refId)
                .getResultList();
        return counted(rows);
    }

    /** Puts messages whose sender died mid-send back in the queue. */
    int releaseExpiredLeases(Instant now) {
        return em.createNativeQuery(
                        "UPDATE subscribe_message SET status = 'PENDING', lease_owner = NULL, lease_until = NULL"
                                + " WHERE status = 'SENDING' AND lease_until < ?1")
                .setParameter(1, now)
                .executeUpdate();
    }

    /**
     * Takes up to {@code batch} due messages for this sender: a guarded UPDATE, so two replicas never take
     * the same message (the second one's UPDATE waits for the first's row locks and then skips those rows).
     */
    int lease(String owner, int batch, Instant now, Instant until) {
        return em.createNativeQuery(
                        "UPDATE subscribe_message SET status = 'SENDING', lease_owner = ?1, lease_until = ?2,"
                                + " attempts = attempts + 1 WHERE status = 'PENDING' AND next_attempt_at <= ?3 ORDER BY next_attempt_at, id LIMIT "
                                + batch)
                .setParameter(1, owner)
                .setParameter(2, until)
                .setParameter(3, now)
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    List<Due> leased(String owner) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT s.id, s.topic, s.ref_id, s.member_id, s.template_id, s.title, s.happens_at, s.attempts, m.openid"
                                + " FROM subscribe_message s JOIN member m ON m.id = s.member_id WHERE s.lease_owner = ?1 AND s.status = 'SENDING'"
                                + " ORDER BY s.id")
                .setParameter(1, owner)
                .getResultList();
        return rows.stream()
                .map(r -> new Due(
                        ((Number) r[0]).longValue(),
                        (String) r[1],
                        ((Number) r[2]).longValue(),
                        ((Number) r[3]).longValue(),
                        (String) r[4],
                        (String) r[5],
                        SqlTimes.instant(r[6]),
                        ((Number) r[7]).intValue(),
                        (String) r[8]))
                .toList();
    }

    /**
     * Renews this sender's lease on one message just before it is sent; false when the lease lapsed and
     * another sender has taken the message since (then this one must not send it).
     */
    boolean renew(long id, String owner, Instant until) {
        return em.createNativeQuery(
                                "UPDATE subscribe_message SET lease_until = ?1 WHERE id = ?2 AND lease_owner = ?3 AND status = 'SENDING'")
                        .setParameter(1, until)
                        .setParameter(2, id)
                        .setParameter(3, owner)
                        .executeUpdate()
                == 1;
    }

    /** A final outcome: SENT, REFUSED, FAILED or SKIPPED — recorded only by the sender that still owns the message. */
    void finish(long id, String owner, String status, Integer errcode, String error, Instant now) {
        em.createNativeQuery(
                        "UPDATE subscribe_message SET status = ?1, errcode = ?2, error = ?3, finished_at = ?4, lease_owner = NULL,"
                                + " lease_until = NULL WHERE id = ?5 AND lease_owner = ?6")
                .setParameter(1, status)
                .setParameter(2, errcode == null ? 0 : errcode)
                .setParameter(3, error == null ? "" : truncate(error))
                .setParameter(4, now)
                .setParameter(5, id)
                .setParameter(6, owner)
                .executeUpdate();
    }

    /** A transient failure: back in the queue for a later attempt (by the sender that still owns it). */
    void retryLater(long id, String owner, Integer errcode, String error, Instant at) {
        em.createNativeQuery(
                        "UPDATE subscribe_message SET status = 'PENDING', errcode = ?1, error = ?2, next_attempt_at = ?3,"
                                + " lease_owner = NULL, lease_until = NULL WHERE id = ?4 AND lease_owner = ?5")
                .setParameter(1, errcode == null ? 0 : errcode)
                .setParameter(2, truncate(error))
                .setParameter(3, at)
                .setParameter(4, id)
                .setParameter(5, owner)
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Long> outcomes(long campaignId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT status, COUNT(*) FROM subscribe_message WHERE campaign_id = ?1 GROUP BY status")
                .setParameter(1, campaignId)
                .getResultList();
        return counted(rows);
    }

    private static Map<String, Long> counted(List<Object[]> rows) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String s : List.of("PENDING", "SENDING", "SENT", "REFUSED", "FAILED", "SKIPPED")) {
            out.put(s, 0L);
        }
        rows.forEach(r -> out.put((String) r[0], ((Number) r[1]).longValue()));
        return out;
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200);
    }
}
