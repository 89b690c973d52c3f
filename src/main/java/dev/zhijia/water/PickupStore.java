package dev.zhijia.water;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import dev.zhijia.common.NativeCounts;
import dev.zhijia.common.RowLocks;

/** Pickup SQL, in the caller's transaction. */
@ApplicationScoped
class PickupStore {

    private final EntityManager em;

    PickupStore(EntityManager em) {
        this.em = em;
    }

    /** Bottles the member had verified on {@code day} at stations of these types: what a quota counts. */
    long verifiedOn(long memberId, LocalDate day, List<String> types) {
        return NativeCounts.count(
                em,
                "SELECT COUNT(*) FROM water_pickup p JOIN station s ON s.id = p.station_id"
                        + " WHERE p.member_id = ?1 AND p.verified_day = ?2 AND p.status = 'VERIFIED' AND s.type IN (?3)",
                memberId,
                day,
                types);
    }

    /** Serialises one member's verifications, so two counters cannot both spend the last bottle of the day. */
    void lockMember(long memberId) {
        em.createNativeQuery("SELECT id FROM member WHERE id = ?1 FOR UPDATE")
                .setParameter(1, memberId)
                .getResultList();
    }

    /** The latest pickup given this code at this station, locked (waits for a verification in flight). */
    Optional<WaterPickup> latest(long stationId, String code) {
        List<?> ids = em.createNativeQuery(
                        "SELECT id FROM water_pickup WHERE station_id = ?1 AND code = ?2 ORDER BY id DESC LIMIT 1")
                .setParameter(1, stationId)
                .setParameter(2, code)
                .getResultList();
        return ids.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(RowLocks.find(
                        em,
                        WaterPickup.class,
                        "water_pickup",
                        ((Number) ids.get(0)).longValue(),
                        LockModeType.PESSIMISTIC_WRITE));
    }

    /** False when the station's durable stock is zero: there is no bottle to hand over. */
    boolean takeBottle(long stationId) {
        return em.createNativeQuery(
                                "UPDATE station SET water_stock = water_stock - 1 WHERE id = ?1 AND water_stock > 0")
                        .setParameter(1, stationId)
                        .executeUpdate()
                == 1;
    }
}
