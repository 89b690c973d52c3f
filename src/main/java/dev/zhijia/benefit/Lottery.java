package dev.zhijia.benefit;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import dev.zhijia.common.Hashes;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.member.Eligibility;
import dev.zhijia.notify.Notices;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;

/**
 * LOTTERY benefits: members enter while the benefit is open; after it closes exactly one replica
 * draws (a guarded update on drawn_at decides which), turns the winners' tickets into claims and
 * tells every entrant the result in their inbox — all in one transaction.
 */
@ApplicationScoped
public class Lottery {

    private static final Logger LOG = Logger.getLogger(Lottery.class);

    @RegisterForReflection
    public record Entered(long ticket, long benefitId) {
    }

    @RegisterForReflection
    public record Published(long benefitId, String seed, String seedSha256, String entriesDigest, List<Long> tickets, List<Long> winners,
            String algorithm) {
    }

    static final String ALGORITHM = "entriesDigest = SHA-256(tickets ascending, decimal, joined by '\\n'); "
            + "rank(ticket) = hex(SHA-256(seed + ':' + ticket)); winners = the totalStock tickets with the smallest rank (ties: lower ticket)";

    private final EntityManager em;
    private final Benefits benefits;
    private final ClaimStore store;
    private final ClaimCodes codes;
    private final Eligibility eligibility;
    private final ShiftableClock clock;
    private final Notices notices;

    Lottery(EntityManager em, Benefits benefits, ClaimStore store, ClaimCodes codes, Eligibility eligibility, ShiftableClock clock,
            Notices notices) {
        this.notices = notices;
        this.em = em;
        this.benefits = benefits;
        this.store = store;
        this.codes = codes;
        this.eligibility = eligibility;
        this.clock = clock;
    }

    static String newSeed(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public Entered enter(long memberId, long benefitId) {
        Eligibility.Profile profile = eligibility.of(memberId).requireVerified();
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Benefit b = benefits.find(benefitId, LockModeType.NONE);
                if (b.allocation != Benefit.Allocation.LOTTERY) {
                    throw ProblemException.conflict(BenefitErrors.BENEFIT_IS_FIRST_COME, "This benefit is first come, first served: claim it instead");
                }
                Instant now = clock.instant();
                if (now.isBefore(b.opensAt)) {
                    throw ProblemException.conflict(BenefitErrors.BENEFIT_NOT_OPEN, "Entries open at " + clock.at(b.opensAt));
                }
                if (!now.isBefore(b.closesAt)) {
                    throw ProblemException.conflict(BenefitErrors.BENEFIT_CLOSED, "Entries have closed");
                }
                if (!b.audience().includes(profile)) {
                    throw ProblemException.forbidden(BenefitErrors.NOT_ELIGIBLE, "This benefit is for other groups of members");
                }
                em.createNativeQuery("INSERT INTO benefit_entry (benefit_id, member_id, created_at) VALUES (?1, ?2, ?3)")
                        .setParameter(1, benefitId).setParameter(2, memberId).setParameter(3, now).executeUpdate();
                Number ticket = (Number) em.createNativeQuery("SELECT id FROM benefit_entry WHERE benefit_id = ?1 AND member_id = ?2")
                        .setParameter(1, benefitId).setParameter(2, memberId).getSingleResult();
                return new Entered(ticket.longValue(), benefitId);
            });
        } catch (ConstraintViolationException e) {
            throw ProblemException.conflict(BenefitErrors.ALREADY_ENTERED, "You have already entered this draw");
        }
    }

    /** Every replica runs this; the guarded update lets exactly one of them draw each benefit. */
    @Scheduled(every = "${zhijia.benefits.draw-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void drawDue() {
        Instant now = clock.instant();
        List<Long> due = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select b.id from Benefit b where b.allocation = ?1 and b.drawnAt is null and b.closesAt <= ?2", Long.class)
                .setParameter(1, Benefit.Allocation.LOTTERY).setParameter(2, now).getResultList());
        for (Long id : due) {
            try {
                draw(id);
            } catch (RuntimeException e) {
                LOG.warnf("draw of benefit %d failed, will retry: %s", id, e.getMessage());
            }
        }
    }

    /** True if this call made the draw. */
    public boolean draw(long benefitId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            int mine = em.createNativeQuery("UPDATE benefit SET drawn_at = ?1 WHERE id = ?2 AND drawn_at IS NULL AND closes_at <= ?1"
                    + " AND allocation = 'LOTTERY'").setParameter(1, now).setParameter(2, benefitId).executeUpdate();
            if (mine == 0) {
                return false;
            }
            Benefit b = em.find(Benefit.class, benefitId);
            em.refresh(b);
            List<Object[]> entries = em.createNativeQuery("SELECT id, member_id FROM benefit_entry WHERE benefit_id = ?1 ORDER BY id")
                    .setParameter(1, benefitId).getResultList();
            List<Long> tickets = entries.stream().map(r -> ((Number) r[0]).longValue()).toList();
            Set<Long> winners = new HashSet<>(LotteryDraw.winners(b.drawSeed, tickets, b.totalStock));
            b.entriesDigest = LotteryDraw.digest(tickets);
            Set<String> usedCodes = new HashSet<>();
            for (Object[] r : entries) {
                long ticket = ((Number) r[0]).longValue();
                long memberId = ((Number) r[1]).longValue();
                boolean won = winners.contains(ticket);
                em.createNativeQuery("UPDATE benefit_entry SET won = ?1 WHERE id = ?2").setParameter(1, won).setParameter(2, ticket).executeUpdate();
                if (won) {
                    String code;
                    do {
                        code = codes.next();
                    } while (!usedCodes.add(code));
                    store.insert(benefitId, memberId, code, b.redeemBy, now);
                }
                notices.tell(memberId, new Notices.Message("LOTTERY_RESULT", won ? "中签通知：" + b.title : "未中签：" + b.title,
                        won ? "恭喜您抽中「" + b.title + "」，请在 " + clock.at(b.redeemBy).toLocalDate() + " 前到指定驿站核销。"
                                : "很遗憾，本次「" + b.title + "」未中签。感谢参与！",
                        benefitId));
            }
            b.claimedCount = winners.size();
            LOG.infof("lottery %d drawn: %d entries, %d winners", benefitId, tickets.size(), winners.size());
            return true;
        });
    }

    @RegisterForReflection
    public record MyEntry(long ticket, long benefitId, String title, Boolean won, OffsetDateTime closesAt) {
    }

    /** The member's lottery entries, newest first; {@code won} is null until the draw. */
    public List<MyEntry> entriesOf(long memberId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> rows = em.createNativeQuery("SELECT e.id, e.benefit_id, b.title, e.won, b.closes_at FROM benefit_entry e"
                    + " JOIN benefit b ON b.id = e.benefit_id WHERE e.member_id = ?1 ORDER BY e.id DESC LIMIT 100")
                    .setParameter(1, memberId).getResultList();
            return rows.stream().map(r -> new MyEntry(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                    r[3] == null ? null : r[3] instanceof Boolean w ? w : ((Number) r[3]).intValue() == 1,
                    clock.at(SqlTimes.instant(r[4])))).toList();
        });
    }

    public Published published(long benefitId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Benefit b = benefits.find(benefitId, LockModeType.NONE);
            if (b.allocation != Benefit.Allocation.LOTTERY) {
                throw ProblemException.notFound(BenefitErrors.NO_DRAW, "This benefit is not allocated by lottery");
            }
            if (b.drawnAt == null) {
                throw ProblemException.conflict(BenefitErrors.DRAW_PENDING, "The draw happens after the benefit closes at " + clock.at(b.closesAt));
            }
            List<Object[]> rows = em.createNativeQuery("SELECT id, won FROM benefit_entry WHERE benefit_id = ?1 ORDER BY id")
                    .setParameter(1, benefitId).getResultList();
            List<Long> tickets = rows.stream().map(r -> ((Number) r[0]).longValue()).toList();
            List<Long> won = rows.stream().filter(r -> r[1] instanceof Boolean w ? w : r[1] instanceof Number n && n.intValue() == 1)
                    .map(r -> ((Number) r[0]).longValue()).toList();
            return new Published(benefitId, b.drawSeed, Hashes.sha256(b.drawSeed), b.entriesDigest, tickets, won, ALGORITHM);
        });
    }

}
