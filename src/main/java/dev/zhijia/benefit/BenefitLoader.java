package dev.zhijia.benefit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RebuildOnce;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Puts a benefit's gate keys back in Redis from MySQL when they are missing (Redis restarted or was
 * flushed). One replica rebuilds under the benefit's lock; the others wait briefly for it.
 */
@ApplicationScoped
public class BenefitLoader {

    private final ClaimGate gate;
    private final ClaimStore store;

    BenefitLoader(ClaimGate gate, ClaimStore store) {
        this.gate = gate;
        this.store = store;
    }

    /** Returns once Redis holds the benefit; 404 for an unknown benefit, 503 if another replica takes too long. */
    public void ensureLoaded(long benefitId) {
        RebuildOnce.ensure(
                () -> gate.loaded(benefitId),
                ttl -> gate.lock(benefitId, ttl),
                token -> gate.unlock(benefitId, token),
                () -> reload(benefitId),
                () -> ProblemException.unavailable(
                        BenefitErrors.BENEFIT_BUSY, "Claims are being restored; try again in a moment"));
    }

    /** Callers hold the benefit's lock. */
    void reload(long benefitId) {
        QuarkusTransaction.requiringNew().run(() -> {
            Benefit b = Benefit.findById(benefitId);
            if (b == null) {
                throw ProblemException.notFound(BenefitErrors.BENEFIT_NOT_FOUND, "No benefit " + benefitId);
            }
            if (b.allocation != Benefit.Allocation.FIRST_COME) {
                throw ProblemException.conflict(
                        BenefitErrors.BENEFIT_IS_LOTTERY, "This benefit is allocated by lottery: enter it instead");
            }
            gate.load(b, store.liveClaims(benefitId));
        });
    }
}
