package dev.zhijia.door;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.org.Scope;
import dev.zhijia.station.OpeningHours;
import dev.zhijia.station.Station;
import dev.zhijia.station.Stations;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The door registry: doors per station (admins of the station's org subtree), their secrets and heartbeats. */
@ApplicationScoped
public class Doors {

    /** What creation answers: the only time the device secret is shown. */
    @RegisterForReflection
    public record Created(long doorId, long stationId, String name, String deviceSecret) {}

    @RegisterForReflection
    public record View(long doorId, String name, boolean online, OffsetDateTime lastSeenAt) {}

    /** A door a member scanned: its station's hours and its secret, opened for this scan only. */
    public record Target(long doorId, long stationId, OpeningHours hours, String secret) {}

    private final EntityManager em;
    private final Stations stations;
    private final DoorSecrets secrets;
    private final DoorConfig config;
    private final ShiftableClock clock;

    Doors(EntityManager em, Stations stations, DoorSecrets secrets, DoorConfig config, ShiftableClock clock) {
        this.em = em;
        this.stations = stations;
        this.secrets = secrets;
        this.config = config;
        this.clock = clock;
    }

    @Transactional
    public Created create(Scope scope, long stationId, DoorRequest request) {
        stations.live(scope, stationId, LockModeType.NONE);
        Door d = new Door();
        d.stationId = stationId;
        d.name = request.name().strip();
        d.createdAt = clock.instant();
        d.secretEnc = new byte[0];
        d.keyId = "";
        d.persist();
        em.flush(); // the id is the ciphertext's associated data
        String secret = secrets.newSecret();
        DoorSecrets.Sealed sealed = secrets.seal(d.id, secret);
        d.secretEnc = sealed.ciphertext();
        d.keyId = sealed.keyId();
        return new Created(d.id, stationId, d.name, secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<View> list(Scope scope, long stationId) {
        stations.live(scope, stationId, LockModeType.NONE);
        return of(stationId);
    }

    /** A station's doors, for its own staff (the caller checked they are). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<View> of(long stationId) {
        Instant since = clock.instant().minus(config.onlineWithin());
        return Door.<Door>list("stationId = ?1 order by id", stationId).stream()
                .map(d -> new View(
                        d.id, d.name, d.lastSeenAt != null && !d.lastSeenAt.isBefore(since), clock.at(d.lastSeenAt)))
                .toList();
    }

    /** The door of a scan, or 404 DOOR_NOT_FOUND (no such door, or its station is gone). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Target target(long doorId) {
        Door d = Door.findById(doorId);
        if (d == null) {
            throw notFound(doorId);
        }
        Station s;
        try {
            s = stations.live(d.stationId, LockModeType.NONE);
        } catch (ProblemException gone) {
            throw notFound(doorId);
        }
        return new Target(d.id, d.stationId, s.hours(), secrets.open(d.id, d.secretEnc, d.keyId));
    }

    /**
     * A heartbeat: {@code last_seen_at} moves forward, written at most every {@code minGap} (a guarded UPDATE,
     * so any replica may take any heartbeat).
     */
    @Transactional
    public void seen(long doorId, Instant at, java.time.Duration minGap) {
        em.createNativeQuery(
                        "UPDATE door SET last_seen_at = ?1 WHERE id = ?2 AND (last_seen_at IS NULL OR last_seen_at < ?3)")
                .setParameter(1, at)
                .setParameter(2, doorId)
                .setParameter(3, at.minus(minGap))
                .executeUpdate();
    }

    /**
     * Per station of the scope that has doors: how many are offline (no heartbeat within
     * {@code zhijia.doors.online-within}). Stations whose doors are all online are absent. For the station map.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, Integer> offlineByStation(Scope scope) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT d.station_id, COUNT(*) FROM door d JOIN station s ON s.id = d.station_id"
                                + " WHERE s.deleted_at IS NULL AND (d.last_seen_at IS NULL OR d.last_seen_at < ?1) AND "
                                + scope.where("s.org_id") + " GROUP BY d.station_id")
                .setParameter(1, clock.instant().minus(config.onlineWithin()))
                .getResultList();
        Map<Long, Integer> out = new HashMap<>();
        for (Object[] r : rows) {
            out.put(((Number) r[0]).longValue(), ((Number) r[1]).intValue());
        }
        return out;
    }

    /** When the door last sent a heartbeat (null: never). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Instant lastSeen(long doorId) {
        List<?> r = em.createNativeQuery("SELECT last_seen_at FROM door WHERE id = ?1")
                .setParameter(1, doorId)
                .getResultList();
        return r.isEmpty() ? null : SqlTimes.instant(r.get(0));
    }

    static ProblemException notFound(long doorId) {
        return ProblemException.notFound(DoorErrors.DOOR_NOT_FOUND, "No door " + doorId);
    }
}
