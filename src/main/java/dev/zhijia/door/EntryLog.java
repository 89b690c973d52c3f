package dev.zhijia.door;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.Masking;
import dev.zhijia.common.Page;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.station.StationOccupancy;
import dev.zhijia.stats.Figures;
import dev.zhijia.stats.Rollups;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The entry log: one row per opening a door confirmed, with its rollups; read by station, newest first. */
@ApplicationScoped
public class EntryLog implements StationOccupancy {

    @RegisterForReflection
    public record Row(
            long entryId, long doorId, String doorName, long memberId, String memberName, OffsetDateTime at) {}

    private final EntityManager em;
    private final Rollups rollups;
    private final ShiftableClock clock;

    EntryLog(EntityManager em, Rollups rollups, ShiftableClock clock) {
        this.em = em;
        this.rollups = rollups;
        this.clock = clock;
    }

    /** Only ever called with the device's OPENED in hand; the command id's unique key logs it once. */
    @Transactional
    public long record(long doorId, long stationId, long memberId, String commandId, Instant at) {
        em.createNativeQuery("INSERT INTO door_entry (door_id, station_id, member_id, command_id, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, doorId)
                .setParameter(2, stationId)
                .setParameter(3, memberId)
                .setParameter(4, commandId)
                .setParameter(5, at)
                .executeUpdate();
        long id = ((Number) em.createNativeQuery("SELECT LAST_INSERT_ID()").getSingleResult()).longValue();
        rollups.entered(stationId, memberId, at);
        return id;
    }

    /** A station's entries in the range, newest first; names masked unless {@code fullNames}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Row> page(long stationId, Figures.Range range, int limit, long before, boolean fullNames) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT e.id, e.door_id, d.name, e.member_id, r.name, e.created_at FROM door_entry e"
                                + " JOIN door d ON d.id = e.door_id JOIN member m ON m.id = e.member_id"
                                + " LEFT JOIN roster_entry r ON r.id = m.roster_id"
                                + " WHERE e.station_id = ?1 AND e.created_at >= ?2 AND e.created_at < ?3 AND e.id < ?4"
                                + " ORDER BY e.id DESC LIMIT ?5")
                .setParameter(1, stationId)
                .setParameter(2, range.start())
                .setParameter(3, range.end())
                .setParameter(4, before)
                .setParameter(5, limit + 1)
                .getResultList();
        return Page.of(
                rows.stream()
                        .map(r -> new Row(
                                ((Number) r[0]).longValue(),
                                ((Number) r[1]).longValue(),
                                (String) r[2],
                                ((Number) r[3]).longValue(),
                                fullNames ? (String) r[4] : Masking.name((String) r[4]),
                                clock.at(SqlTimes.instant(r[5]))))
                        .toList(),
                limit,
                Row::entryId);
    }

    /** Occupancy as admins see it on the station detail: entries in the last hour. */
    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public int entriesLastHour(long stationId) {
        Instant now = clock.instant();
        return ((Number) em.createNativeQuery(
                                "SELECT COUNT(*) FROM door_entry WHERE station_id = ?1 AND created_at >= ?2 AND created_at <= ?3")
                        .setParameter(1, stationId)
                        .setParameter(2, now.minusSeconds(3600))
                        .setParameter(3, now)
                        .getSingleResult())
                .intValue();
    }
}
