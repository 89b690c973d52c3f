package dev.zhijia.benefit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.zhijia.stats.Rollups;

/** The SQL of claims: the guarded writes that keep "never oversell" and "once per member" true in MySQL itself. */
@ApplicationScoped
public class ClaimStore {

    private final EntityManager em;
    private final Rollups rollups;

    ClaimStore(EntityManager em, Rollups rollups) {
        this.em = em;
        this.rollups = rollups;
    }

    /**
     * Takes one unit in MySQL: only while the window is open and units remain. False means sold out
     * (or closed) as far as the truth is concerned, whatever Redis said.
     */
    boolean takeUnit(long benefitId, Instant now) {
        // sold_out_at is assigned first, so it reads claimed_count before the increment on MySQL and MariaDB alike
        return em.createNativeQuery("UPDATE benefit SET sold_out_at = CASE WHEN claimed_count + 1 >= total_stock THEN ?1 ELSE sold_out_at END,"
                + " claimed_count = claimed_count + 1 WHERE id = ?2 AND claimed_count < total_stock AND opens_at <= ?1 AND closes_at > ?1")
                .setParameter(1, now).setParameter(2, benefitId).executeUpdate() == 1;
    }

    void returnUnit(long benefitId) {
        em.createNativeQuery("UPDATE benefit SET claimed_count = claimed_count - 1, sold_out_at = NULL WHERE id = ?1 AND claimed_count > 0")
                .setParameter(1, benefitId).executeUpdate();
    }

    Claim insert(long benefitId, long memberId, String code, Instant redeemBy, Instant now) {
        Claim c = new Claim();
        c.benefitId = benefitId;
        c.memberId = memberId;
        c.liveMemberId = memberId;
        c.code = code;
        c.liveCode = code;
        c.status = Claim.Status.CLAIMED;
        c.redeemBy = redeemBy;
        c.createdAt = now;
        c.persistAndFlush();
        rollups.claimed(benefitId, now, 1);
        return c;
    }

    Optional<Claim> live(long benefitId, long memberId) {
        return Claim.find("benefitId = ?1 and liveMemberId = ?2", benefitId, memberId).firstResultOptional();
    }

    /** CLAIMED → CANCELLED once; false if it was no longer CLAIMED (redeemed or cancelled meanwhile). */
    boolean cancel(Claim claim, Instant now) {
        boolean cancelled = Claim.update("status = ?1, liveMemberId = null, liveCode = null, cancelledAt = ?2 where id = ?3 and status = ?4",
                Claim.Status.CANCELLED, now, claim.id, Claim.Status.CLAIMED) == 1;
        if (cancelled) {
            rollups.claimed(claim.benefitId, claim.createdAt, -1);
        }
        return cancelled;
    }

    /** CLAIMED → REDEEMED once; false if it was no longer CLAIMED. */
    boolean redeem(long claimId, long staffId, long stationId, Instant now) {
        return Claim.update("status = ?1, liveCode = null, redeemedAt = ?2, redeemedBy = ?3, redeemedStation = ?4 where id = ?5 and status = ?6",
                Claim.Status.REDEEMED, now, staffId, stationId, claimId, Claim.Status.CLAIMED) == 1;
    }

    /** The most recent claim that was given this code (codes are reused only after the earlier claim ended). */
    Optional<Claim> byCode(String code) {
        return Claim.find("code = ?1 order by id desc", code).firstResultOptional();
    }

    /** (memberId, claimId) of every live claim of a benefit: what Redis is rebuilt from. */
    List<long[]> liveClaims(long benefitId) {
        List<Object[]> rows = em.createNativeQuery("SELECT member_id, id FROM benefit_claim WHERE benefit_id = ?1 AND live_member_id IS NOT NULL")
                .setParameter(1, benefitId).getResultList();
        return rows.stream().map(r -> new long[] { ((Number) r[0]).longValue(), ((Number) r[1]).longValue() }).toList();
    }
}
