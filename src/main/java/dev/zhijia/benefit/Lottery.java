package dev.zhijia.benefit;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import dev.zhijia.common.Hashes;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.member.Eligibility;
import dev.zhijia.notify.Notices;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * LOTTERY benefits: members enter while the benefit is open; after it closes one replica at a time
 * draws (a lease on the benefit row decides which), turns the winners' tickets into claims and tells
 * every entrant the result in their inbox — in bounded chunks that another replica resumes after a crash.
 */
@ApplicationScoped
public class Lottery {

    private static final Logger LOG = Logger.getLogger(Lottery.class);

    @RegisterForReflection
    public record Entered(long ticket, long benefitId) {}

    @RegisterForReflection
    public record Published(
            long benefitId,
            String seed,
            String seedSha256,
            String entriesDigest,
            List<Long> tickets,
            List<Long> winners,
            String algorithm) {}

    static final String ALGORITHM = "entriesDigest = SHA-256(tickets ascending, decimal, joined by '\\n'); "
            + "rank(ticket) = hex(SHA-256(seed + ':' + ticket)); winners = the totalStock tickets with the smallest rank (ties: lower ticket)";

    private final EntityManager em;
    private final Benefits benefits;
    private final ClaimStore store;
    private final ClaimCodes codes;
    private final Eligibility eligibility;
    private final ShiftableClock clock;
    private final Notices notices;
    private final BenefitConfig config;

    Lottery(
            EntityManager em,
            Benefits benefits,
            ClaimStore store,
            ClaimCodes codes,
            Eligibility eligibility,
            ShiftableClock clock,
            Notices notices,
            BenefitConfig config) {
        this.config = config;
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
                    throw ProblemException.conflict(
                            BenefitErrors.BENEFIT_IS_FIRST_COME,
                            "This benefit is first come, first served: claim it instead");
                }
                Instant now = clock.instant();
                if (now.isBefore(b.opensAt)) {
                    throw ProblemException.conflict(
                            BenefitErrors.BENEFIT_NOT_OPEN, "Entries open at " + clock.at(b.opensAt));
                }
                if (!now.isBefore(b.closesAt)) {
                    throw ProblemException.conflict(BenefitErrors.BENEFIT_CLOSED, "Entries have closed");
                }
                if (!b.audience().includes(profile)) {
                    throw ProblemException.forbidden(
                            BenefitErrors.NOT_ELIGIBLE, "This benefit is for other groups of members");
                }
                em.createNativeQuery(
                                "INSERT INTO benefit_entry (benefit_id, member_id, created_at) VALUES (?1, ?2, ?3)")
                        .setParameter(1, benefitId)
                        .setParameter(2, memberId)
                        .setParameter(3, now)
                        .executeUpdate();
                Number ticket = (Number)
                        em.createNativeQuery("SELECT id FROM benefit_entry WHERE benefit_id = ?1 AND member_id = ?2")
                                .setParameter(1, benefitId)
                                .setParameter(2, memberId)
                                .getSingleResult();
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
        List<Long> due = QuarkusTransaction.requiringNew()
                .call(() -> em.createQuery(
                                "select b.id from Benefit b where b.allocation = ?1 and b.drawnAt is null and b.closesAt <= ?2",
                                Long.class)
                        .setParameter(1, Benefit.Allocation.LOTTERY)
                        .setParameter(2, now)
                        .getResultList());
        for (Long id : due) {
            try {
                draw(id);
            } catch (RuntimeException e) {
                LOG.warnf("draw of benefit %d failed, will retry: %s", id, e.getMessage());
            }
        }
    }

    /** True if this call finished the draw. */
    public boolean draw(long benefitId) {
        return draw(benefitId, Integer.MAX_VALUE);
    }

    /**
     * Draws in chunks of {@code zhijia.benefits.draw-chunk} entrants, each chunk one transaction. The
     * winners follow from the published algorithm alone, so a replica that resumes after a crash (once
     * the lease lapsed) continues from {@code draw_progress} and settles exactly what the uninterrupted
     * draw would have. {@code maxChunks} stops after that many chunks without finishing, as a crash would.
     */
    boolean draw(long benefitId, int maxChunks) {
        Instant now = clock.instant();
        int mine = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery("UPDATE benefit SET draw_lease_until = ?2"
                                + " WHERE id = ?3 AND drawn_at IS NULL AND closes_at <= ?1 AND allocation = 'LOTTERY'"
                                + " AND (draw_lease_until IS NULL OR draw_lease_until < ?1)")
                        .setParameter(1, now)
                        .setParameter(2, now.plus(config.drawLease()))
                        .setParameter(3, benefitId)
                        .executeUpdate());
        if (mine == 0) {
            return false;
        }
        Benefit b = QuarkusTransaction.requiringNew().call(() -> em.find(Benefit.class, benefitId));
        List<Long> tickets = QuarkusTransaction.requiringNew().call(() -> store.tickets(benefitId));
        Set<Long> winners = new HashSet<>(LotteryDraw.winners(b.drawSeed, tickets, b.totalStock));
        long progress = QuarkusTransaction.requiringNew().call(() -> store.drawProgress(benefitId));
        int at = Collections.binarySearch(tickets, progress + 1);
        int from = at >= 0 ? at : -at - 1; // the first ticket after the progress
        int chunks = 0;
        for (; from < tickets.size(); from += config.drawChunk()) {
            if (chunks++ == maxChunks) {
                return false;
            }
            List<Long> part = tickets.subList(from, Math.min(from + config.drawChunk(), tickets.size()));
            long prev = progress;
            if (!QuarkusTransaction.requiringNew().call(() -> settle(b, part, winners, prev))) {
                return false; // another replica resumed this draw and settled the chunk
            }
            progress = part.get(part.size() - 1);
        }
        long last = progress;
        boolean done = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery(
                                        "UPDATE benefit SET drawn_at = ?1, entries_digest = ?2,"
                                                + " claimed_count = ?3, draw_lease_until = NULL WHERE id = ?4 AND drawn_at IS NULL AND COALESCE(draw_progress, 0) = ?5")
                                .setParameter(1, clock.instant())
                                .setParameter(2, LotteryDraw.digest(tickets))
                                .setParameter(3, winners.size())
                                .setParameter(4, benefitId)
                                .setParameter(5, last)
                                .executeUpdate()
                        == 1);
        if (done) {
            LOG.infof("lottery %d drawn: %d entries, %d winners", benefitId, tickets.size(), winners.size());
        }
        return done;
    }

    /**
     * One chunk: its entries marked, its winners' claims made, every entrant told — with the progress
     * moved from {@code prev} to the chunk's last ticket in the same transaction (false: it had moved
     * already, so another replica owns the draw now).
     */
    private boolean settle(Benefit b, List<Long> part, Set<Long> winners, long prev) {
        Instant now = clock.instant();
        long last = part.get(part.size() - 1);
        if (!store.advanceDraw(b.id, prev, last, now.plus(config.drawLease()))) {
            return false;
        }
        Map<Long, Long> memberOf = store.entrants(b.id, part.get(0), last);
        List<Long> wonTickets = part.stream().filter(winners::contains).toList();
        store.markEntries(b.id, part.get(0), last, wonTickets);
        List<Long> won = wonTickets.stream().map(memberOf::get).toList();
        List<Long> lost = part.stream()
                .filter(t -> !winners.contains(t))
                .map(memberOf::get)
                .toList();
        store.insertWinners(b.id, won, b.redeemBy, now, codes);
        notices.tellAll(
                won,
                new Notices.Message(
                        "LOTTERY_RESULT",
                        "中签通知：" + b.title,
                        "恭喜您抽中「" + b.title + "」，请在 " + clock.at(b.redeemBy).toLocalDate() + " 前到指定驿站核销。",
                        b.id));
        notices.tellAll(
                lost,
                new Notices.Message("LOTTERY_RESULT", "未中签：" + b.title, "很遗憾，本次「" + b.title + "」未中签。感谢参与！", b.id));
        return true;
    }

    /** Claims past redeem_by can no longer be redeemed: their codes go back to the pool (so new codes never collide with them). */
    @Scheduled(every = "${zhijia.benefits.draw-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void freeExpiredCodes() {
        Instant now = clock.instant();
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(() -> store.freeExpiredCodes(now, 10_000));
        } while (n == 10_000);
    }

    @RegisterForReflection
    public record MyEntry(long ticket, long benefitId, String title, Boolean won, OffsetDateTime closesAt) {}

    /** The member's lottery entries, newest first; {@code won} is null until the draw. */
    public List<MyEntry> entriesOf(long memberId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> rows = em.createNativeQuery(
                            "SELECT e.id, e.benefit_id, b.title, e.won, b.closes_at FROM benefit_entry e"
                                    + " JOIN benefit b ON b.id = e.benefit_id WHERE e.member_id = ?1 ORDER BY e.id DESC LIMIT 100")
                    .setParameter(1, memberId)
                    .getResultList();
            return rows.stream()
                    .map(r -> new MyEntry(
                            ((Number) r[0]).longValue(),
                            ((Number) r[1]).longValue(),
                            (String) r[2],
                            r[3] == null ? null : r[3] instanceof Boolean w ? w : ((Number) r[3]).intValue() == 1,
                            clock.at(SqlTimes.instant(r[4]))))
                    .toList();
        });
    }

    public Published published(long benefitId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Benefit b = benefits.find(benefitId, LockModeType.NONE);
            if (b.allocation != Benefit.Allocation.LOTTERY) {
                throw ProblemException.notFound(BenefitErrors.NO_DRAW, "This benefit is not allocated by lottery");
            }
            if (b.drawnAt == null) {
                throw ProblemException.conflict(
                        BenefitErrors.DRAW_PENDING,
                        "The draw happens after the benefit closes at " + clock.at(b.closesAt));
            }
            List<Object[]> rows = em.createNativeQuery(
                            "SELECT id, won FROM benefit_entry WHERE benefit_id = ?1 ORDER BY id")
                    .setParameter(1, benefitId)
                    .getResultList();
            List<Long> tickets =
                    rows.stream().map(r -> ((Number) r[0]).longValue()).toList();
            List<Long> won = rows.stream()
                    .filter(r -> r[1] instanceof Boolean w ? w : r[1] instanceof Number n && n.intValue() == 1)
                    .map(r -> ((Number) r[0]).longValue())
                    .toList();
            return new Published(
                    benefitId, b.drawSeed, Hashes.sha256(b.drawSeed), b.entriesDigest, tickets, won, ALGORITHM);
        });
    }
}
