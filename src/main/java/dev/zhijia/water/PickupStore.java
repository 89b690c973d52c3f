package dev.zhijia.water;

import java.time.LocalDate;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import dev.zhijia.station.StationType;

/** Pickup SQL, in the caller's transaction. */
@ApplicationScoped
class PickupStore {

    private final EntityManager em;

    PickupStore(EntityManager em) {
        this.em = em;
    }

    /** Bottles the member had verified on {@code day} at stations of this type: what the quota counts. */
    long verifiedOn(long memberId, LocalDate day, StationType type) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM water_pickup p JOIN station s ON s.id = p.station_id"
                + " WHERE p.member_id = ?1 AND p.verified_day = ?2 AND p.status = 'VERIFIED' AND s.type = ?3")
                .setParameter(1, memberId).setParameter(2, day).setParameter(3, type.name()).getSingleResult()).longValue();
    }

    /** Serialises one member's verifications, so two counters cannot both spend the last bottle of the day. */
    void lockMember(long memberId) {
        em.createNativeQuery("SELECT id FROM member WHERE id = ?1 FOR UPDATE").setParameter(1, memberId).getResultList();
    }

    /** The latest pickup given this code at this station, locked (waits for a verification in flight). */
    Optional<WaterPickup> latest(long stationId, String code) {
        return WaterPickup.<WaterPickup>find("stationId = ?1 and code = ?2 order by id desc", stationId, code)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    void takeBottle(long stationId) {
        em.createNativeQuery("UPDATE station SET water_stock = water_stock - 1 WHERE id = ?1 AND water_stock > 0")
                .setParameter(1, stationId).executeUpdate();
    }
}
