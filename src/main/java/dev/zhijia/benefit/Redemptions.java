package dev.zhijia.benefit;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;

/** 核销 of a claim code at a station counter: single use, eligible stations only, before redeemBy. */
@ApplicationScoped
public class Redemptions {

    public record Redeemed(long claimId, long memberId, String item, boolean repeat) {}

    private final ClaimStore store;
    private final Benefits benefits;
    private final ShiftableClock clock;

    Redemptions(ClaimStore store, Benefits benefits, ShiftableClock clock) {
        this.store = store;
        this.benefits = benefits;
        this.clock = clock;
    }

    /** Joins the caller's transaction, so the verification record commits with the redemption. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Redeemed redeem(long staffId, long stationId, String code) {
        Claim claim = store.byCode(code)
                .filter(c -> c.status != Claim.Status.CANCELLED)
                .orElseThrow(() -> ProblemException.notFound(BenefitErrors.CODE_INVALID, "No claim has this code"));
        Benefit benefit = benefits.find(claim.benefitId, LockModeType.NONE);
        if (claim.status == Claim.Status.REDEEMED) {
            return repeatOrUsed(claim, staffId, benefit);
        }
        var stations = benefits.stationIds(benefit.id);
        if (!stations.isEmpty() && !stations.contains(stationId)) {
            throw ProblemException.forbidden(BenefitErrors.WRONG_STATION, "This benefit is redeemed at other stations");
        }
        Instant now = clock.instant();
        if (now.isAfter(claim.redeemBy)) {
            throw new ProblemException(
                    410, BenefitErrors.CODE_EXPIRED, "This claim had to be redeemed by " + clock.at(claim.redeemBy));
        }
        if (!store.redeem(claim.id, staffId, stationId, now)) {
            // another counter won the race (or the owner cancelled) a moment ago
            Claim.getEntityManager().refresh(claim);
            if (claim.status == Claim.Status.CANCELLED) {
                throw ProblemException.notFound(BenefitErrors.CODE_INVALID, "No claim has this code");
            }
            return repeatOrUsed(claim, staffId, benefit);
        }
        return new Redeemed(claim.id, claim.memberId, benefit.title, false);
    }

    /** The same staff retrying the same code gets the same answer; anyone else learns it is used. */
    private static Redeemed repeatOrUsed(Claim claim, long staffId, Benefit benefit) {
        if (claim.redeemedBy != null && claim.redeemedBy == staffId) {
            return new Redeemed(claim.id, claim.memberId, benefit.title, true);
        }
        throw ProblemException.conflict(BenefitErrors.CODE_ALREADY_USED, "This code has already been redeemed");
    }
}
