package dev.zhijia.water;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.MemberService;
import dev.zhijia.station.CheckinTokens;
import dev.zhijia.station.Station;
import dev.zhijia.station.Stations;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;

/**
 * 扫码取水: a member at the station scans its check-in QR and gets a 6-digit code that holds one
 * bottle for the code's lifetime. The daily quota is spent only when staff verify the code.
 */
@ApplicationScoped
public class Pickups {

    private static final Logger LOG = Logger.getLogger(Pickups.class);
    private static final int CODE_ATTEMPTS = 5;

    @RegisterForReflection
    public record Issued(long pickupId, String code, OffsetDateTime expiresAt, long stationId) {
    }

    private final SecureRandom random = new SecureRandom();
    private final CheckinTokens checkins;
    private final Stations stations;
    private final MemberService members;
    private final WaterHolds holds;
    private final WaterConfig config;
    private final PickupStore store;
    private final ShiftableClock clock;

    Pickups(CheckinTokens checkins, Stations stations, MemberService members, WaterHolds holds, WaterConfig config, PickupStore store,
            ShiftableClock clock) {
        this.checkins = checkins;
        this.stations = stations;
        this.members = members;
        this.holds = holds;
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    public Issued issue(long memberId, long stationId, String checkinToken) {
        QuarkusTransaction.requiringNew().run(() -> members.requireVerified(memberId));
        checkins.verify(stationId, checkinToken);
        Instant now = clock.instant();
        Station station = QuarkusTransaction.requiringNew().call(() -> stations.live(stationId, LockModeType.NONE));
        if (!station.hours().isOpenAt(clock.zonedNow().toLocalTime())) {
            throw ProblemException.conflict("STATION_CLOSED", "This station is closed now");
        }
        if (verifiedToday(memberId, station) >= quotaFor(station)) {
            throw ProblemException.conflict("DAILY_QUOTA_REACHED", "You have had today's water; come back tomorrow");
        }
        Optional<Issued> existing = stillPending(memberId, stationId, now);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant expires = now.plus(config.codeLifetime());
        for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
            String code = String.format("%06d", random.nextInt(1_000_000));
            WaterHolds.Hold hold = holds.hold(stationId, code, "0", now.toEpochMilli(), expires.toEpochMilli());
            if (hold == WaterHolds.Hold.NOT_LOADED) {
                holds.loadStock(stationId, station.waterStock);
                hold = holds.hold(stationId, code, "0", now.toEpochMilli(), expires.toEpochMilli());
            }
            switch (hold) {
                case HELD -> {
                    return record(memberId, stationId, code, now, expires);
                }
                case OUT_OF_STOCK -> throw ProblemException.conflict("STATION_OUT_OF_STOCK", "No water left here right now");
                default -> {
                    // that code is live at this station already: draw another
                }
            }
        }
        throw ProblemException.unavailable("CODE_SPACE_BUSY", "Too many live codes at this station; try again");
    }

    private Issued record(long memberId, long stationId, String code, Instant now, Instant expires) {
        try {
            long id = QuarkusTransaction.requiringNew().call(() -> {
                WaterPickup p = new WaterPickup();
                p.memberId = memberId;
                p.stationId = stationId;
                p.code = code;
                p.status = WaterPickup.Status.PENDING;
                p.createdAt = now;
                p.expiresAt = expires;
                p.persist();
                return p.id;
            });
            holds.attach(stationId, code, id, expires.toEpochMilli() - now.toEpochMilli());
            return new Issued(id, code, clock.at(expires), stationId);
        } catch (RuntimeException e) {
            holds.release(stationId, code);
            throw e;
        }
    }

    /** Asking again at the same station returns the live code; a code elsewhere is given up for this one. */
    private Optional<Issued> stillPending(long memberId, long stationId, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<WaterPickup> pending = WaterPickup.<WaterPickup>find("memberId = ?1 and status = ?2 and expiresAt > ?3 order by id desc",
                    memberId, WaterPickup.Status.PENDING, now).firstResultOptional();
            if (pending.isEmpty()) {
                return Optional.<Issued>empty();
            }
            WaterPickup p = pending.get();
            if (p.stationId == stationId && holds.live(stationId, p.code)) {
                return Optional.of(new Issued(p.id, p.code, clock.at(p.expiresAt), stationId));
            }
            p.status = WaterPickup.Status.CANCELLED;
            holds.release(p.stationId, p.code);
            return Optional.<Issued>empty();
        });
    }

    private long verifiedToday(long memberId, Station station) {
        return QuarkusTransaction.requiringNew().call(() -> store.verifiedOn(memberId, clock.today(), station.type));
    }

    int quotaFor(Station station) {
        return config.quotaByType().getOrDefault(station.type.name(), config.dailyQuota());
    }

    /** Marks expired codes in MySQL; their bottles already returned in Redis when the codes expired. */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        int n = QuarkusTransaction.requiringNew().call(() -> WaterPickup.update("status = ?1 where status = ?2 and expiresAt <= ?3",
                WaterPickup.Status.EXPIRED, WaterPickup.Status.PENDING, clock.instant()));
        if (n > 0) {
            LOG.debugf("%d pickup codes expired", n);
        }
    }
}
