package dev.zhijia.stats;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;

/**
 * The SQL of the daily rollups (V8): small increments written inside the transaction that writes the row
 * being counted — always last in it, after the rows that transaction locks first — and the re-derivation
 * of one day from the source tables. Days are service-zone days.
 */
@ApplicationScoped
public class Rollups {

    private final EntityManager em;
    private final ShiftableClock clock;

    Rollups(EntityManager em, ShiftableClock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** A bottle of water handed over at a counter. */
    public void pickedUp(long stationId, long memberId, Instant at) {
        served(stationId, memberId, at, 1, 0);
    }

    /** A benefit claim redeemed at a counter. */
    public void redeemed(long stationId, long memberId, Instant at) {
        served(stationId, memberId, at, 0, 1);
    }

    /**
     * A door opening the device confirmed: an entry of the station-day, an entrant when it is the member's first
     * there that day (their row in figure_entrant_day, V14), and a person served.
     */
    public void entered(long stationId, long memberId, Instant at) {
        LocalDate day = clock.dayOf(at);
        servedOn(day, memberId); // the member's own rows first: the station-day row is every entrant's, locked last
        int first = em.createNativeQuery(
                        "INSERT IGNORE INTO figure_entrant_day (day, station_id, member_id) VALUES (?1, ?2, ?3)")
                .setParameter(1, day)
                .setParameter(2, stationId)
                .setParameter(3, memberId)
                .executeUpdate();
        em.createNativeQuery(
                        "INSERT INTO figure_station_day (day, station_id, entries, entrants) VALUES (?1, ?2, 1, ?3)"
                                + " ON DUPLICATE KEY UPDATE entries = entries + 1, entrants = entrants + ?3")
                .setParameter(1, day)
                .setParameter(2, stationId)
                .setParameter(3, first)
                .executeUpdate();
    }

    public void reviewed(long stationId, int score, Instant at) {
        em.createNativeQuery(
                        "INSERT INTO figure_station_day (day, station_id, reviews, review_score_sum) VALUES (?1, ?2, 1, ?3)"
                                + " ON DUPLICATE KEY UPDATE reviews = reviews + 1, review_score_sum = review_score_sum + ?3")
                .setParameter(1, clock.dayOf(at))
                .setParameter(2, stationId)
                .setParameter(3, score)
                .executeUpdate();
    }

    /** +1 when a claim is made, −1 when it is cancelled; counted on the day the claim was made. */
    public void claimed(long benefitId, Instant claimMadeAt, int delta) {
        em.createNativeQuery("INSERT INTO figure_benefit_day (day, benefit_id, claims) VALUES (?1, ?2, ?3)"
                        + " ON DUPLICATE KEY UPDATE claims = claims + ?3")
                .setParameter(1, clock.dayOf(claimMadeAt))
                .setParameter(2, benefitId)
                .setParameter(3, delta)
                .executeUpdate();
    }

    /** +1 when a booking is made, −1 when it is cancelled; counted on the day the booking was made. */
    public void booked(long serviceId, Instant bookingMadeAt, int delta) {
        em.createNativeQuery("INSERT INTO figure_service_day (day, service_id, bookings) VALUES (?1, ?2, ?3)"
                        + " ON DUPLICATE KEY UPDATE bookings = bookings + ?3")
                .setParameter(1, clock.dayOf(bookingMadeAt))
                .setParameter(2, serviceId)
                .setParameter(3, delta)
                .executeUpdate();
    }

    private void served(long stationId, long memberId, Instant at, int pickups, int redemptions) {
        LocalDate day = clock.dayOf(at);
        em.createNativeQuery(
                        "INSERT INTO figure_station_day (day, station_id, pickups, redemptions) VALUES (?1, ?2, ?3, ?4)"
                                + " ON DUPLICATE KEY UPDATE pickups = pickups + ?3, redemptions = redemptions + ?4")
                .setParameter(1, day)
                .setParameter(2, stationId)
                .setParameter(3, pickups)
                .setParameter(4, redemptions)
                .executeUpdate();
        servedOn(day, memberId);
    }

    private void servedOn(LocalDate day, long memberId) {
        String d = YearDays.column(day);
        em.createNativeQuery("INSERT INTO figure_served_year (year, member_id, " + d + ") VALUES (?1, ?2, ?3)"
                        + " ON DUPLICATE KEY UPDATE " + d + " = " + d + " | ?3")
                .setParameter(1, day.getYear())
                .setParameter(2, memberId)
                .setParameter(3, YearDays.bit(day))
                .executeUpdate();
    }

    /**
     * Re-derives one day of every rollup from the source rows, in one transaction. Safe beside live writes:
     * each statement reads what is committed and takes the rollup rows' locks, so an increment that commits
     * after the re-derivation read its source row waits for these locks and lands on top.
     */
    @Transactional
    public void rebuild(LocalDate day) {
        Instant start = clock.startOf(day);
        Instant end = clock.startOf(day.plusDays(1));
        em.createNativeQuery("DELETE FROM figure_station_day WHERE day = ?1")
                .setParameter(1, day)
                .executeUpdate();
        em.createNativeQuery(
                        "INSERT INTO figure_station_day (day, station_id, pickups, redemptions, reviews, review_score_sum, entries, entrants)"
                                + " SELECT ?1, station_id, SUM(p), SUM(r), SUM(n), SUM(s), SUM(e), SUM(m) FROM ("
                                + " SELECT station_id, CASE WHEN kind = 'WATER_PICKUP' THEN 1 ELSE 0 END p, CASE WHEN kind = 'BENEFIT_CLAIM' THEN 1 ELSE 0 END r,"
                                + " 0 n, 0 s, 0 e, 0 m FROM verification WHERE created_at >= ?2 AND created_at < ?3"
                                + " UNION ALL SELECT station_id, 0, 0, 1, score, 0, 0 FROM station_review WHERE created_at >= ?2 AND created_at < ?3"
                                + " UNION ALL SELECT station_id, 0, 0, 0, 0, COUNT(*), COUNT(DISTINCT member_id) FROM door_entry"
                                + " WHERE created_at >= ?2 AND created_at < ?3 GROUP BY station_id) x"
                                + " GROUP BY station_id")
                .setParameter(1, day)
                .setParameter(2, start)
                .setParameter(3, end)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM figure_entrant_day WHERE day = ?1")
                .setParameter(1, day)
                .executeUpdate();
        em.createNativeQuery(
                        "INSERT INTO figure_entrant_day (day, station_id, member_id) SELECT DISTINCT ?1, station_id, member_id"
                                + " FROM door_entry WHERE created_at >= ?2 AND created_at < ?3")
                .setParameter(1, day)
                .setParameter(2, start)
                .setParameter(3, end)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM figure_benefit_day WHERE day = ?1")
                .setParameter(1, day)
                .executeUpdate();
        em.createNativeQuery(
                        "INSERT INTO figure_benefit_day (day, benefit_id, claims) SELECT ?1, benefit_id, COUNT(*) FROM benefit_claim"
                                + " WHERE created_at >= ?2 AND created_at < ?3 AND status <> 'CANCELLED' GROUP BY benefit_id")
                .setParameter(1, day)
                .setParameter(2, start)
                .setParameter(3, end)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM figure_service_day WHERE day = ?1")
                .setParameter(1, day)
                .executeUpdate();
        em.createNativeQuery(
                        "INSERT INTO figure_service_day (day, service_id, bookings) SELECT ?1, service_id, COUNT(*) FROM booking"
                                + " WHERE created_at >= ?2 AND created_at < ?3 AND status <> 'CANCELLED' GROUP BY service_id")
                .setParameter(1, day)
                .setParameter(2, start)
                .setParameter(3, end)
                .executeUpdate();
        String d = YearDays.column(day);
        long bit = YearDays.bit(day);
        em.createNativeQuery("UPDATE figure_served_year SET " + d + " = " + d + " & ?1 WHERE year = ?2 AND " + d
                        + " & ?3 <> 0")
                .setParameter(1, ~bit & Long.MAX_VALUE)
                .setParameter(2, day.getYear())
                .setParameter(3, bit)
                .executeUpdate();
        em.createNativeQuery("INSERT INTO figure_served_year (year, member_id, " + d
                        + ") SELECT ?1, member_id, ?2 FROM (SELECT member_id FROM verification"
                        + " WHERE kind IN ('WATER_PICKUP', 'BENEFIT_CLAIM') AND created_at >= ?3 AND created_at < ?4"
                        + " UNION SELECT member_id FROM door_entry WHERE created_at >= ?3 AND created_at < ?4) x"
                        + " GROUP BY member_id ON DUPLICATE KEY UPDATE " + d
                        + " = " + d + " | ?2")
                .setParameter(1, day.getYear())
                .setParameter(2, bit)
                .setParameter(3, start)
                .setParameter(4, end)
                .executeUpdate();
    }

    /** The first service-zone day with any row the rollups count, or null when there is none yet. */
    @Transactional
    public LocalDate firstDay() {
        Object first = em.createNativeQuery("SELECT MIN(t) FROM (SELECT MIN(created_at) t FROM verification"
                        + " UNION ALL SELECT MIN(created_at) FROM station_review UNION ALL SELECT MIN(created_at) FROM benefit_claim"
                        + " UNION ALL SELECT MIN(created_at) FROM booking"
                        + " UNION ALL SELECT MIN(created_at) FROM door_entry) x")
                .getSingleResult();
        Instant t = SqlTimes.instant(first);
        return t == null ? null : clock.dayOf(t);
    }

    @Transactional
    public boolean derived() {
        return !em.createNativeQuery("SELECT 1 FROM figure_rollup_state WHERE id = 1")
                .getResultList()
                .isEmpty();
    }

    @Transactional
    public void markDerived() {
        em.createNativeQuery("INSERT IGNORE INTO figure_rollup_state (id, derived_at) VALUES (1, ?1)")
                .setParameter(1, clock.instant())
                .executeUpdate();
    }
}
