package dev.zhijia.campaign;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** Sign-up SQL. Callers hold the campaign row's lock (SELECT ... FOR UPDATE) around every change. */
@ApplicationScoped
class SignupRepository {

    static final String CONFIRMED = "CONFIRMED";
    static final String WAITLISTED = "WAITLISTED";
    static final String CANCELLED = "CANCELLED";

    record Row(long id, long memberId, String status) {}

    private final EntityManager em;

    SignupRepository(EntityManager em) {
        this.em = em;
    }

    Row live(long campaignId, long memberId) {
        return first(em.createNativeQuery(
                        "SELECT id, member_id, status FROM campaign_signup WHERE campaign_id = ?1 AND live_member_id = ?2")
                .setParameter(1, campaignId)
                .setParameter(2, memberId)
                .getResultList());
    }

    /** The unique key (campaign_id, live_member_id) refuses a second live sign-up even without the lock. */
    long insert(long campaignId, long memberId, String status, Instant now) {
        em.createNativeQuery("INSERT INTO campaign_signup (campaign_id, member_id, live_member_id, status, created_at)"
                        + " VALUES (?1, ?2, ?2, ?3, ?4)")
                .setParameter(1, campaignId)
                .setParameter(2, memberId)
                .setParameter(3, status)
                .setParameter(4, now)
                .executeUpdate();
        return live(campaignId, memberId).id();
    }

    /** 1 for the next in line. */
    int position(long campaignId, long signupId) {
        Number n = (Number) em.createNativeQuery(
                        "SELECT COUNT(*) FROM campaign_signup WHERE campaign_id = ?1 AND status = 'WAITLISTED'"
                                + " AND id <= ?2")
                .setParameter(1, campaignId)
                .setParameter(2, signupId)
                .getSingleResult();
        return n.intValue();
    }

    void cancel(long signupId, Instant now) {
        em.createNativeQuery(
                        "UPDATE campaign_signup SET status = 'CANCELLED', live_member_id = NULL, cancelled_at = ?1 WHERE id = ?2")
                .setParameter(1, now)
                .setParameter(2, signupId)
                .executeUpdate();
    }

    Row firstWaitlisted(long campaignId) {
        return first(em.createNativeQuery(
                        "SELECT id, member_id, status FROM campaign_signup WHERE campaign_id = ?1 AND status = 'WAITLISTED'"
                                + " ORDER BY id LIMIT 1")
                .setParameter(1, campaignId)
                .getResultList());
    }

    void promote(long signupId, Instant now) {
        em.createNativeQuery(
                        "UPDATE campaign_signup SET status = 'CONFIRMED', promoted_at = ?1 WHERE id = ?2 AND status = 'WAITLISTED'")
                .setParameter(1, now)
                .setParameter(2, signupId)
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private static Row first(List<?> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = (Object[]) rows.get(0);
        return new Row(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2]);
    }
}
