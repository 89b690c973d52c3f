package dev.zhijia.benefit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.zhijia.common.DatabaseOutage;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.Audience;
import dev.zhijia.member.Eligibility;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * Flash claims (FIRST_COME). Redis decides who gets a unit; MySQL records it before the member hears
 * "201"; every failure after the reservation gives the unit back.
 */
@ApplicationScoped
public class Claims {

    private static final Logger LOG = Logger.getLogger(Claims.class);
    private static final int CODE_ATTEMPTS = 3;

    @RegisterForReflection
    public record Claimed(long claimId, long benefitId, String code, String status, OffsetDateTime redeemBy) {}

    @RegisterForReflection
    public record Mine(
            long claimId,
            long benefitId,
            String title,
            String code,
            String status,
            OffsetDateTime redeemBy,
            OffsetDateTime createdAt) {}

    private final ClaimGate gate;
    private final SoldOutFlags soldOut;
    private final ClaimStore store;
    private final ClaimCodes codes;
    private final BenefitLoader loader;
    private final Eligibility eligibility;
    private final ShiftableClock clock;

    Claims(
            ClaimGate gate,
            SoldOutFlags soldOut,
            ClaimStore store,
            ClaimCodes codes,
            BenefitLoader loader,
            Eligibility eligibility,
            ShiftableClock clock) {
        this.gate = gate;
        this.soldOut = soldOut;
        this.store = store;
        this.codes = codes;
        this.loader = loader;
        this.eligibility = eligibility;
        this.clock = clock;
    }

    /** Blocking: for callers already on a worker thread (the Idempotency-Key path). */
    public Claimed claim(long memberId, long benefitId) {
        Eligibility.Profile profile = eligibility.of(memberId).requireVerified();
        Instant now = clock.instant();
        long generation = soldOut.generation(benefitId);
        ClaimGate.Decision known = remembered(benefitId, memberId, now, profile);
        if (known != null) {
            throw rejection(known);
        }
        return settle(
                gate.tryReserve(benefitId, memberId, now.toEpochMilli(), profile),
                memberId,
                benefitId,
                profile,
                now,
                generation);
    }

    /**
     * A tap in a burst: the Redis decision is made without blocking a thread, so rejections (sold out,
     * duplicate, not open) never leave the event loop; only a reservation moves to a worker for MySQL. Once the
     * benefit is sold out, this replica answers from memory ({@link SoldOutFlags}) without asking Redis.
     */
    public Uni<Claimed> claimAsync(long memberId, long benefitId) {
        return eligibility.ofAsync(memberId).flatMap(p -> {
            Eligibility.Profile profile = p.requireVerified();
            Instant now = clock.instant();
            long generation = soldOut.generation(benefitId);
            ClaimGate.Decision known = remembered(benefitId, memberId, now, profile);
            if (known != null) {
                return Uni.createFrom().failure(rejection(known));
            }
            return gate.tryReserveAsync(benefitId, memberId, now.toEpochMilli(), profile)
                    .flatMap(d -> {
                        if (d.outcome() == ClaimGate.Outcome.RESERVED || d.outcome() == ClaimGate.Outcome.NOT_LOADED) {
                            return Uni.createFrom()
                                    .item(() -> settle(d, memberId, benefitId, profile, now, generation))
                                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                        }
                        return Uni.createFrom().failure(rejection(benefitId, d, generation));
                    });
        });
    }

    /** This replica's answer while the benefit is known sold out here, or null: ask the gate. */
    private ClaimGate.Decision remembered(long benefitId, long memberId, Instant now, Eligibility.Profile profile) {
        return soldOut.answer(benefitId, memberId, now.toEpochMilli(), Audience.marks(profile));
    }

    /** After the gate's decision (blocking): restore a benefit Redis lost and decide again, record a reservation, or refuse. */
    private Claimed settle(
            ClaimGate.Decision first,
            long memberId,
            long benefitId,
            Eligibility.Profile profile,
            Instant now,
            long generation) {
        ClaimGate.Decision d = first;
        if (d.outcome() == ClaimGate.Outcome.NOT_LOADED) {
            loader.ensureLoaded(benefitId);
            d = gate.tryReserve(benefitId, memberId, now.toEpochMilli(), profile);
        }
        if (d.outcome() == ClaimGate.Outcome.RESERVED) {
            return record(benefitId, memberId, d.reservation(), now);
        }
        throw rejection(benefitId, d, generation);
    }

    /** The gate's refusal; a SOLD_OUT is remembered on this replica (under the generation read before asking). */
    private ProblemException rejection(long benefitId, ClaimGate.Decision d, long generation) {
        if (d.outcome() == ClaimGate.Outcome.SOLD_OUT) {
            soldOut.soldOut(benefitId, generation);
        }
        return rejection(d);
    }

    private static ProblemException rejection(ClaimGate.Decision d) {
        return switch (d.outcome()) {
            case NOT_OPEN ->
                ProblemException.conflict(BenefitErrors.BENEFIT_NOT_OPEN, "This benefit has not opened yet");
            case CLOSED -> ProblemException.conflict(BenefitErrors.BENEFIT_CLOSED, "This benefit has closed");
            case NOT_ELIGIBLE ->
                ProblemException.forbidden(BenefitErrors.NOT_ELIGIBLE, "This benefit is for other groups of members");
            case SOLD_OUT -> soldOut();
            case DUPLICATE -> alreadyClaimed(d.existing());
            default ->
                ProblemException.unavailable(
                        BenefitErrors.BENEFIT_BUSY, "Claims are being restored; try again in a moment");
        };
    }

    /** The reservation is ours: make it a MySQL row, or give it back. */
    private Claimed record(long benefitId, long memberId, String reservation, Instant now) {
        Claim claim;
        try {
            claim = commit(benefitId, memberId, now);
        } catch (ProblemException e) {
            gate.release(benefitId, memberId, reservation);
            throw e;
        } catch (RuntimeException e) {
            gate.release(benefitId, memberId, reservation);
            DatabaseOutage.rethrowIfDown(e);
            LOG.errorf(e, "claim of benefit %d by member %d not recorded", benefitId, memberId);
            throw ProblemException.unavailable(
                    BenefitErrors.CLAIM_NOT_RECORDED, "Your claim could not be recorded; nothing was taken, try again");
        }
        try {
            gate.confirm(benefitId, memberId, reservation, claim.id);
        } catch (RuntimeException e) {
            // MySQL has the claim; the reconciler marks it confirmed in Redis.
            LOG.warnf("claim %d committed but not confirmed in Redis: %s", claim.id, e.getMessage());
        }
        return new Claimed(claim.id, benefitId, claim.code, claim.status.name(), clock.at(claim.redeemBy));
    }

    private Claim commit(long benefitId, long memberId, Instant now) {
        for (int attempt = 1; ; attempt++) {
            String code = codes.next();
            try {
                return QuarkusTransaction.requiringNew().call(() -> {
                    Benefit b = Benefit.findById(benefitId);
                    if (!store.takeUnit(benefitId, now)) {
                        throw soldOut();
                    }
                    return store.insert(benefitId, memberId, code, b.redeemBy, now);
                });
            } catch (ConstraintViolationException e) {
                if (isCodeCollision(e) && attempt < CODE_ATTEMPTS) {
                    continue;
                }
                if (isCodeCollision(e)) {
                    throw e;
                }
                throw alreadyClaimed(
                        store.live(benefitId, memberId).map(c -> "C:" + c.id).orElse(null));
            }
        }
    }

    /** The owner gives the claim back before redemption; the unit returns to stock exactly once. */
    public void cancel(long memberId, long claimId) {
        Claim claim = QuarkusTransaction.requiringNew().call(() -> {
            Claim c = Claim.findById(claimId);
            if (c == null || c.memberId != memberId) {
                throw ProblemException.notFound(BenefitErrors.CLAIM_NOT_FOUND, "No such claim of yours");
            }
            if (c.status == Claim.Status.CANCELLED) {
                return null; // already given back: nothing more to return
            }
            if (c.status == Claim.Status.REDEEMED || !store.cancel(c, clock.instant())) {
                throw ProblemException.conflict(
                        BenefitErrors.ALREADY_REDEEMED, "This claim has been redeemed and cannot be cancelled");
            }
            store.returnUnit(c.benefitId);
            return c;
        });
        if (claim != null && !gate.release(claim.benefitId, memberId, "C:" + claimId)) {
            LOG.infof("claim %d cancelled; Redis entry differed, the reconciler will settle the stock", claimId);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Mine> mine(long memberId, int limit, long before) {
        List<Object[]> rows = Claim.getEntityManager()
                .createQuery(
                        "select c, b.title from Claim c, Benefit b where b.id = c.benefitId and c.memberId = ?1 and c.id < ?2 order by c.id desc",
                        Object[].class)
                .setParameter(1, memberId)
                .setParameter(2, before)
                .setMaxResults(limit + 1)
                .getResultList();
        return Page.of(
                rows.stream()
                        .map(r -> {
                            Claim c = (Claim) r[0];
                            return new Mine(
                                    c.id,
                                    c.benefitId,
                                    (String) r[1],
                                    c.status == Claim.Status.CLAIMED ? c.code : null,
                                    c.status.name(),
                                    clock.at(c.redeemBy),
                                    clock.at(c.createdAt));
                        })
                        .toList(),
                limit,
                Mine::claimId);
    }

    private static boolean isCodeCollision(ConstraintViolationException e) {
        String name = e.getConstraintName() == null ? String.valueOf(e.getMessage()) : e.getConstraintName();
        return name.contains("uk_claim_live_code");
    }

    private static ProblemException soldOut() {
        return ProblemException.conflict(BenefitErrors.BENEFIT_SOLD_OUT, "All units have been claimed");
    }

    private static ProblemException alreadyClaimed(String existing) {
        ProblemException e =
                ProblemException.conflict(BenefitErrors.ALREADY_CLAIMED, "You have already claimed this benefit");
        if (existing != null && existing.startsWith("C:")) {
            e.with("claimId", Long.parseLong(existing.substring(2)));
        }
        return e;
    }
}
