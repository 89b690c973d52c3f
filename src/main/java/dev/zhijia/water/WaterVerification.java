package dev.zhijia.water;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.zhijia.benefit.BenefitErrors;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.notify.Notices;
import dev.zhijia.station.Station;
import dev.zhijia.station.Stations;

/** Staff verifying a 6-digit pickup code at their station: the bottle changes hands, maybe a gift pack too. */
@ApplicationScoped
public class WaterVerification {

    public record Verified(long pickupId, long memberId, String prize, boolean repeat) {}

    private final WaterHolds holds;
    private final PickupStore store;
    private final Pickups pickups;
    private final PrizePools prizes;
    private final Stations stations;
    private final Notices notices;
    private final EntityManager em;
    private final ShiftableClock clock;
    private final WaterConfig config;

    WaterVerification(
            WaterHolds holds,
            PickupStore store,
            Pickups pickups,
            PrizePools prizes,
            Stations stations,
            Notices notices,
            EntityManager em,
            ShiftableClock clock,
            WaterConfig config) {
        this.config = config;
        this.holds = holds;
        this.store = store;
        this.pickups = pickups;
        this.prizes = prizes;
        this.stations = stations;
        this.notices = notices;
        this.em = em;
        this.clock = clock;
    }

    /**
     * Joins the caller's transaction (the verification record commits with it). The pickup row is
     * locked first, so counters racing for one code queue up on it and the later ones see it used.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Verified verify(long staffId, long stationId, String code) {
        Instant now = clock.instant();
        WaterPickup p = store.latest(stationId, code)
                .orElseThrow(() -> ProblemException.notFound(
                        BenefitErrors.CODE_INVALID, "No pickup has this code at this station"));
        if (p.status != WaterPickup.Status.PENDING || !p.expiresAt.isAfter(now)) {
            return fromHistory(p, staffId, now);
        }
        Long taken = holds.take(stationId, code, now.toEpochMilli());
        if (taken == null || taken != p.id.longValue()) {
            // pending in MySQL but not live in Redis: lost with a Redis restart
            throw ProblemException.notFound(
                    BenefitErrors.CODE_INVALID,
                    "This code is no longer valid; the member can scan the station QR again");
        }
        try {
            Station station = stations.live(stationId, LockModeType.NONE);
            store.lockMember(p.memberId);
            Pickups.Quota quota = pickups.quotaFor(station);
            if (store.verifiedOn(p.memberId, clock.today(), quota.types()) >= quota.perDay()) {
                throw ProblemException.conflict(
                        WaterErrors.DAILY_QUOTA_REACHED, "This member has had today's water already");
            }
            if (!store.takeBottle(stationId)) {
                // the held code outlived the stock it was held against (the stock was set lower): no bottle to give,
                // and the Redis mirror reloads from MySQL so no further codes are handed out against it
                holds.forgetStock(stationId);
                throw ProblemException.conflict(
                        WaterErrors.STATION_OUT_OF_STOCK,
                        "The station's stock is used up; restock before handing out water");
            }
            p.status = WaterPickup.Status.VERIFIED;
            p.verifiedAt = now;
            p.verifiedDay = clock.today();
            p.verifiedBy = staffId;
            stations.announce(stationId);
            Optional<PrizePools.Prize> prize = prizes.draw(stationId);
            prize.ifPresent(won -> {
                p.prizeId = won.id();
                notices.tell(
                        p.memberId,
                        new Notices.Message(
                                "PRIZE",
                                "恭喜获得「" + won.name() + "」",
                                "您在" + station.name + "取水时抽中了「" + won.name() + "」，请向工作人员领取。",
                                p.id));
            });
            return new Verified(
                    p.id, p.memberId, prize.map(PrizePools.Prize::name).orElse(null), false);
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            // the write failed: the member's code works again at the counter
            holds.restore(stationId, code, p.id, p.expiresAt.toEpochMilli(), now.toEpochMilli());
            throw e;
        }
    }

    /** Used, expired or cancelled: the same counter retrying gets the same answer. */
    private Verified fromHistory(WaterPickup p, long staffId, Instant now) {
        if (p.status == WaterPickup.Status.VERIFIED) {
            if (p.verifiedBy != null && p.verifiedBy == staffId) {
                String prize = p.prizeId == null
                        ? null
                        : (String) em.createNativeQuery("SELECT name FROM water_prize WHERE id = ?1")
                                .setParameter(1, p.prizeId)
                                .getSingleResult();
                return new Verified(p.id, p.memberId, prize, true);
            }
            throw ProblemException.conflict(BenefitErrors.CODE_ALREADY_USED, "This code has already been used");
        }
        if (p.status == WaterPickup.Status.CANCELLED) {
            throw ProblemException.notFound(BenefitErrors.CODE_INVALID, "This code was replaced by a newer one");
        }
        throw new ProblemException(
                410, BenefitErrors.CODE_EXPIRED, "This code has expired; the member can scan the station QR again");
    }
}
