package dev.zhijia.water;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.MemberService;
import dev.zhijia.station.CheckinTokens;
import dev.zhijia.station.Station;
import dev.zhijia.station.StationType;
import dev.zhijia.station.Stations;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

/**
 * 扫码取水: a member at the station scans its check-in QR and gets a 6-digit code that holds one
 * bottle for the code's lifetime. The daily quota is spent only when staff verify the code.
 */
@ApplicationScoped
public class Pickups {

    private static final Logger LOG = Logger.getLogger(Pickups.class);
    private static final int CODE_ATTEMPTS = 5;
    private static final int PENDING_ROUNDS = 3;
    private static final String PENDING_KEY = "uk_pickup_pending";

    @RegisterForReflection
    public record Issued(long pickupId, String code, OffsetDateTime expiresAt, long stationId) {}

    private final SecureRandom random = new SecureRandom();
    private final CheckinTokens checkins;
    private final Stations stations;
    private final MemberService members;
    private final WaterHolds holds;
    private final WaterConfig config;
    private final PickupStore store;
    private final ShiftableClock clock;

    Pickups(
            CheckinTokens checkins,
            Stations stations,
            MemberService members,
            WaterHolds holds,
            WaterConfig config,
            PickupStore store,
            ShiftableClock clock) {
        this.checkins = checkins;
        this.stations = stations;
        this.members = members;
        this.holds = holds;
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    /** The daily quota a station's pickups count against: how many bottles, and which station types share the count. */
    record Quota(int perDay, List<String> types) {}

    /**
     * A burst of requests by one member is one code: the unique key on the pending row lets one insert
     * win, and every other request answers with that code (idempotent: the phone that retried shows the
     * code it will get anyway, never an error for a tap too many).
     */
    public Issued issue(long memberId, long stationId, String checkinToken) {
        QuarkusTransaction.requiringNew().run(() -> members.requireVerified(memberId));
        checkins.verify(stationId, checkinToken);
        Instant now = clock.instant();
        Station station = QuarkusTransaction.requiringNew().call(() -> stations.live(stationId, LockModeType.NONE));
        if (!station.hours().isOpenAt(clock.zonedNow().toLocalTime())) {
            throw ProblemException.conflict(WaterErrors.STATION_CLOSED, "This station is closed now");
        }
        Quota quota = quotaFor(station);
        if (QuarkusTransaction.requiringNew().call(() -> store.verifiedOn(memberId, clock.today(), quota.types()))
                >= quota.perDay()) {
            throw ProblemException.conflict(
                    WaterErrors.DAILY_QUOTA_REACHED, "You have had today's water; come back tomorrow");
        }
        for (int round = 0; round < PENDING_ROUNDS; round++) {
            Optional<Issued> existing = stillPending(memberId, stationId, now);
            if (existing.isPresent()) {
                return existing.get();
            }
            Optional<Issued> issued = issueNew(memberId, station, now);
            if (issued.isPresent()) {
                return issued.get();
            }
            // a parallel request of this member committed the pending row first: the next round finds its code
        }
        throw ProblemException.unavailable(
                WaterErrors.CODE_SPACE_BUSY, "Too many live codes at this station; try again");
    }

    /**
     * Inserts the pending row first and holds its bottle in Redis inside the same transaction: a parallel
     * request of this member waits on the unique key until this one commits (then finds its code) or rolls
     * back (then tries itself), so only one request ever holds a bottle. Empty when such a request won.
     */
    private Optional<Issued> issueNew(long memberId, Station station, Instant now) {
        long stationId = station.id;
        Instant expires = now.plus(config.codeLifetime());
        String[] held = new String[1];
        try {
            return Optional.of(QuarkusTransaction.requiringNew().call(() -> {
                WaterPickup p = new WaterPickup();
                p.memberId = memberId;
                p.stationId = stationId;
                p.code = newCode();
                p.status = WaterPickup.Status.PENDING;
                p.createdAt = now;
                p.expiresAt = expires;
                p.persist();
                p.flush();
                for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
                    WaterHolds.Hold hold = holds.hold(
                            stationId, p.code, Long.toString(p.id), now.toEpochMilli(), expires.toEpochMilli());
                    if (hold == WaterHolds.Hold.NOT_LOADED) {
                        holds.loadStock(stationId, station.waterStock);
                        hold = holds.hold(
                                stationId, p.code, Long.toString(p.id), now.toEpochMilli(), expires.toEpochMilli());
                    }
                    switch (hold) {
                        case HELD -> {
                            held[0] = p.code;
                            return new Issued(p.id, p.code, clock.at(expires), stationId);
                        }
                        case OUT_OF_STOCK ->
                            throw ProblemException.conflict(
                                    WaterErrors.STATION_OUT_OF_STOCK, "No water left here right now");
                        default -> p.code = newCode(); // that code is live at this station already: draw another
                    }
                }
                throw ProblemException.unavailable(
                        WaterErrors.CODE_SPACE_BUSY, "Too many live codes at this station; try again");
            }));
        } catch (ConstraintViolationException e) {
            if (e.getMessage() != null && e.getMessage().contains(PENDING_KEY)) {
                return Optional.empty();
            }
            throw e;
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            if (held[0] != null) {
                holds.release(stationId, held[0]); // the row did not commit: give the bottle back
            }
            throw e;
        }
    }

    private String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    /**
     * Asking again at the same station returns the live code; a code elsewhere is given up for this one,
     * and so is a pending row here whose code expired or was lost with Redis (it would hold the unique key).
     */
    private Optional<Issued> stillPending(long memberId, long stationId, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<WaterPickup> pending = WaterPickup.list(
                    "memberId = ?1 and status = ?2 order by id desc", memberId, WaterPickup.Status.PENDING);
            Optional<Issued> live = Optional.empty();
            for (WaterPickup p : pending) {
                boolean expired = !p.expiresAt.isAfter(now);
                if (live.isEmpty() && !expired && p.stationId == stationId && holds.live(stationId, p.code)) {
                    live = Optional.of(new Issued(p.id, p.code, clock.at(p.expiresAt), stationId));
                    continue;
                }
                p.status = expired ? WaterPickup.Status.EXPIRED : WaterPickup.Status.CANCELLED;
                holds.release(p.stationId, p.code);
            }
            return live;
        });
    }

    /**
     * One bottle per member per service-zone day across all stations ({@code zhijia.water.daily-quota});
     * a type with its own quota ({@code zhijia.water.quota-by-type.<TYPE>}) counts apart from the rest.
     */
    Quota quotaFor(Station station) {
        Map<String, Integer> byType = config.quotaByType();
        Integer own = byType.get(station.type.name());
        if (own != null) {
            return new Quota(own, List.of(station.type.name()));
        }
        return new Quota(
                config.dailyQuota(),
                Arrays.stream(StationType.values())
                        .map(Enum::name)
                        .filter(t -> !byType.containsKey(t))
                        .toList());
    }

    /** Marks expired codes in MySQL; their bottles already returned in Redis when the codes expired. */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        int n = QuarkusTransaction.requiringNew()
                .call(() -> WaterPickup.update(
                        "status = ?1 where status = ?2 and expiresAt <= ?3",
                        WaterPickup.Status.EXPIRED,
                        WaterPickup.Status.PENDING,
                        clock.instant()));
        if (n > 0) {
            LOG.debugf("%d pickup codes expired", n);
        }
    }
}
