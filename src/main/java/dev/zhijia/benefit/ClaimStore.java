package dev.zhijia.benefit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        return em.createNativeQuery(
                                "UPDATE benefit SET sold_out_at = CASE WHEN claimed_count + 1 >= total_stock THEN ?1 ELSE sold_out_at END,"
                                        + " claimed_count = claimed_count + 1 WHERE id = ?2 AND claimed_count < total_stock AND opens_at <= ?1 AND closes_at > ?1")
                        .setParameter(1, now)
                        .setParameter(2, benefitId)
                        .executeUpdate()
                == 1;
    }

    void returnUnit(long benefitId) {
        em.createNativeQuery(
                        "UPDATE benefit SET claimed_count = claimed_count - 1, sold_out_at = NULL WHERE id = ?1 AND claimed_count > 0")
                .setParameter(1, benefitId)
                .executeUpdate();
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
        return Claim.find("benefitId = ?1 and liveMemberId = ?2", benefitId, memberId)
                .firstResultOptional();
    }

    /** CLAIMED → CANCELLED once; false if it was no longer CLAIMED (redeemed or cancelled meanwhile). */
    boolean cancel(Claim claim, Instant now) {
        boolean cancelled = Claim.update(
                        "status = ?1, liveMemberId = null, liveCode = null, cancelledAt = ?2 where id = ?3 and status = ?4",
                        Claim.Status.CANCELLED,
                        now,
                        claim.id,
                        Claim.Status.CLAIMED)
                == 1;
        if (cancelled) {
            rollups.claimed(claim.benefitId, claim.createdAt, -1);
        }
        return cancelled;
    }

    /** CLAIMED → REDEEMED once; false if it was no longer CLAIMED. */
    boolean redeem(long claimId, long staffId, long stationId, Instant now) {
        return Claim.update(
                        "status = ?1, liveCode = null, redeemedAt = ?2, redeemedBy = ?3, redeemedStation = ?4 where id = ?5 and status = ?6",
                        Claim.Status.REDEEMED,
                        now,
                        staffId,
                        stationId,
                        claimId,
                        Claim.Status.CLAIMED)
                == 1;
    }

    /** The most recent claim that was given this code (codes are reused only after the earlier claim ended). */
    Optional<Claim> byCode(String code) {
        return Claim.find("code = ?1 order by id desc", code).firstResultOptional();
    }

    /** A lottery's tickets (entry ids), ascending. */
    List<Long> tickets(long benefitId) {
        List<?> rows = em.createNativeQuery("SELECT id FROM benefit_entry WHERE benefit_id = ?1 ORDER BY id")
                .setParameter(1, benefitId)
                .getResultList();
        return rows.stream().map(r -> ((Number) r).longValue()).toList();
    }

    /** The last ticket a draw has settled (0: none yet). */
    long drawProgress(long benefitId) {
        Object p = em.createNativeQuery("SELECT draw_progress FROM benefit WHERE id = ?1")
                .setParameter(1, benefitId)
                .getSingleResult();
        return p == null ? 0 : ((Number) p).longValue();
    }

    /** Moves a draw's progress from {@code prev} to {@code last} (and renews its lease); false if it was not at {@code prev}. */
    boolean advanceDraw(long benefitId, long prev, long last, Instant leaseUntil) {
        return em.createNativeQuery(
                                "UPDATE benefit SET draw_progress = ?1, draw_lease_until = ?2 WHERE id = ?3 AND drawn_at IS NULL"
                                        + " AND COALESCE(draw_progress, 0) = ?4")
                        .setParameter(1, last)
                        .setParameter(2, leaseUntil)
                        .setParameter(3, benefitId)
                        .setParameter(4, prev)
                        .executeUpdate()
                == 1;
    }

    /** ticket → member for a lottery's tickets from {@code first} to {@code last}. */
    Map<Long, Long> entrants(long benefitId, long first, long last) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id, member_id FROM benefit_entry WHERE benefit_id = ?1 AND id BETWEEN ?2 AND ?3")
                .setParameter(1, benefitId)
                .setParameter(2, first)
                .setParameter(3, last)
                .getResultList();
        Map<Long, Long> out = new HashMap<>();
        rows.forEach(r -> out.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
        return out;
    }

    void markEntries(long benefitId, long first, long last, List<Long> wonTickets) {
        em.createNativeQuery("UPDATE benefit_entry SET won = FALSE WHERE benefit_id = ?1 AND id BETWEEN ?2 AND ?3")
                .setParameter(1, benefitId)
                .setParameter(2, first)
                .setParameter(3, last)
                .executeUpdate();
        if (!wonTickets.isEmpty()) {
            em.createNativeQuery("UPDATE benefit_entry SET won = TRUE WHERE benefit_id = ?1 AND id IN (?2)")
                    .setParameter(1, benefitId)
                    .setParameter(2, wonTickets)
                    .executeUpdate();
        }
    }

    /**
     * Claims for lottery winners in multi-row INSERTs. A code that collides with a live code skips only
     * that row (INSERT IGNORE, so the transaction goes on; not ON DUPLICATE KEY UPDATE id = id, which
     * MySQL 8 refuses in a multi-row insert with "Auto-increment value in UPDATE conflicts with
     * internally generated values"); those winners get a fresh code next round.
     * A winner who has a live claim already (a chunk redone) is skipped the same way.
     */
    void insertWinners(long benefitId, List<Long> memberIds, Instant redeemBy, Instant now, ClaimCodes codes) {
        List<Long> pending = new ArrayList<>(memberIds);
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round == 20) {
                throw new IllegalStateException(
                        "no free claim codes for " + pending.size() + " winners of benefit " + benefitId);
            }
            StringBuilder sql = new StringBuilder(
                    "INSERT IGNORE INTO benefit_claim (benefit_id, member_id, live_member_id, code, live_code, status,"
                            + " redeem_by, created_at) VALUES ");
            for (int i = 0; i < pending.size(); i++) {
                int p = 4 + 2 * i;
                sql.append(i == 0 ? "" : ", ")
                        .append("(?1, ?")
                        .append(p)
                        .append(", ?")
                        .append(p)
                        .append(", ?")
                        .append(p + 1)
                        .append(", ?")
                        .append(p + 1)
                        .append(", 'CLAIMED', ?2, ?3)");
            }
            var q = em.createNativeQuery(sql.toString())
                    .setParameter(1, benefitId)
                    .setParameter(2, redeemBy)
                    .setParameter(3, now);
            for (int i = 0; i < pending.size(); i++) {
                q.setParameter(4 + 2 * i, pending.get(i)).setParameter(5 + 2 * i, codes.next());
            }
            int inserted = q.executeUpdate();
            if (inserted > 0) {
                rollups.claimed(benefitId, now, inserted);
            }
            List<?> done = em.createNativeQuery(
                            "SELECT live_member_id FROM benefit_claim WHERE benefit_id = ?1 AND live_member_id IN (?2)")
                    .setParameter(1, benefitId)
                    .setParameter(2, pending)
                    .getResultList();
            Set<Long> settled = new HashSet<>();
            done.forEach(d -> settled.add(((Number) d).longValue()));
            pending.removeIf(settled::contains);
        }
    }

    /** Frees up to {@code limit} codes of claims past redeem_by (nobody can redeem them now); how many it freed. */
    int freeExpiredCodes(Instant now, int limit) {
        return em.createNativeQuery(
                        "UPDATE benefit_claim SET live_code = NULL WHERE status = 'CLAIMED' AND redeem_by < ?1"
                                + " AND live_code IS NOT NULL LIMIT " + limit)
                .setParameter(1, now)
                .executeUpdate();
    }

    /** (memberId, claimId) of every live claim of a benefit: what Redis is rebuilt from. */
    List<long[]> liveClaims(long benefitId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT member_id, id FROM benefit_claim WHERE benefit_id = ?1 AND live_member_id IS NOT NULL")
                .setParameter(1, benefitId)
                .getResultList();
        return rows.stream()
                .map(r -> new long[] {((Number) r[0]).longValue(), ((Number) r[1]).longValue()})
                .toList();
    }
}
