package dev.zhijia.water;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.org.Scope;
import dev.zhijia.station.Stations;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * 清凉大礼包: prize pools attached to a station (or all stations) for a period. Each verified pickup
 * draws once; a prize is awarded by a guarded UPDATE (awarded < quantity), so a pool never gives
 * out more than it holds, however many counters verify at once.
 */
@ApplicationScoped
public class PrizePools {

    @RegisterForReflection
    public record PoolRequest(
            @NotBlank @Size(max = 100) String name,
            @Positive Long stationId,
            @NotNull OffsetDateTime startsAt,
            @NotNull OffsetDateTime endsAt,

            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double winProbability,

            @NotEmpty @Size(max = 20) List<@NotNull @Valid PrizeRequest> prizes) {}

    @RegisterForReflection
    public record PrizeRequest(
            @NotBlank @Size(max = 100) String name,
            @NotNull @Min(1) @Max(1_000_000) Integer quantity) {}

    @RegisterForReflection
    public record Pool(
            long id,
            String name,
            Long stationId,
            OffsetDateTime startsAt,
            OffsetDateTime endsAt,
            double winProbability,
            List<Prize> prizes) {}

    @RegisterForReflection
    public record Prize(long id, String name, int quantity, int awarded) {}

    private final SecureRandom random = new SecureRandom();
    private final EntityManager em;
    private final ShiftableClock clock;
    private final Stations stations;

    PrizePools(EntityManager em, ShiftableClock clock, Stations stations) {
        this.stations = stations;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public Pool create(Scope scope, PoolRequest r, long adminId) {
        if (!r.startsAt().isBefore(r.endsAt())) {
            throw ProblemException.invalid("endsAt", "must be after startsAt");
        }
        // a pool belongs to its station's org; one for every station is the city's
        String orgId = Scope.ROOT;
        if (r.stationId() != null) {
            stations.requireLive(scope, List.of(r.stationId()));
            orgId = stations.live(scope, r.stationId(), LockModeType.NONE).orgId;
        } else {
            scope.requireRoot("A prize pool for every station");
        }
        em.createNativeQuery(
                        "INSERT INTO water_prize_pool (name, station_id, starts_at, ends_at, win_probability, created_by, created_at, org_id)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, r.name().strip())
                .setParameter(2, r.stationId())
                .setParameter(3, r.startsAt().toInstant())
                .setParameter(4, r.endsAt().toInstant())
                .setParameter(5, r.winProbability())
                .setParameter(6, adminId)
                .setParameter(7, clock.instant())
                .setParameter(8, orgId)
                .executeUpdate();
        long poolId = ((Number) em.createNativeQuery("SELECT LAST_INSERT_ID()").getSingleResult()).longValue();
        for (PrizeRequest p : r.prizes()) {
            em.createNativeQuery("INSERT INTO water_prize (pool_id, name, quantity) VALUES (?1, ?2, ?3)")
                    .setParameter(1, poolId)
                    .setParameter(2, p.name().strip())
                    .setParameter(3, p.quantity())
                    .executeUpdate();
        }
        return find(poolId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Pool> list(Scope scope) {
        List<Number> ids = em.createNativeQuery("SELECT id FROM water_prize_pool WHERE " + scope.where("org_id")
                        + " ORDER BY id DESC LIMIT 100")
                .getResultList();
        return ids.stream().map(id -> find(id.longValue())).toList();
    }

    /**
     * One draw for a verified pickup at this station (joins the caller's transaction): the prize won,
     * if any. Pools active now for this station or for all stations take part, most specific first.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Prize> draw(long stationId) {
        Instant now = clock.instant();
        List<Object[]> pools = em.createNativeQuery(
                        "SELECT id, win_probability FROM water_prize_pool WHERE starts_at <= ?1 AND ends_at > ?1"
                                + " AND (station_id = ?2 OR station_id IS NULL) ORDER BY station_id IS NULL, id")
                .setParameter(1, now)
                .setParameter(2, stationId)
                .getResultList();
        for (Object[] pool : pools) {
            if (random.nextDouble() >= ((Number) pool[1]).doubleValue()) {
                continue;
            }
            List<Object[]> left = em.createNativeQuery(
                            "SELECT id, name, quantity, awarded FROM water_prize WHERE pool_id = ?1 AND awarded < quantity")
                    .setParameter(1, ((Number) pool[0]).longValue())
                    .getResultList();
            List<Object[]> shuffled = new ArrayList<>(left);
            Collections.shuffle(shuffled, random);
            for (Object[] p : shuffled) {
                long prizeId = ((Number) p[0]).longValue();
                if (em.createNativeQuery(
                                        "UPDATE water_prize SET awarded = awarded + 1 WHERE id = ?1 AND awarded < quantity")
                                .setParameter(1, prizeId)
                                .executeUpdate()
                        == 1) {
                    return Optional.of(new Prize(
                            prizeId, (String) p[1], ((Number) p[2]).intValue(), ((Number) p[3]).intValue() + 1));
                }
            }
        }
        return Optional.empty();
    }

    private Pool find(long poolId) {
        Object[] p = (Object[]) em.createNativeQuery(
                        "SELECT id, name, station_id, starts_at, ends_at, win_probability FROM water_prize_pool WHERE id = ?1")
                .setParameter(1, poolId)
                .getSingleResult();
        List<Object[]> prizes = em.createNativeQuery(
                        "SELECT id, name, quantity, awarded FROM water_prize WHERE pool_id = ?1 ORDER BY id")
                .setParameter(1, poolId)
                .getResultList();
        return new Pool(
                poolId,
                (String) p[1],
                p[2] == null ? null : ((Number) p[2]).longValue(),
                clock.at(SqlTimes.instant(p[3])),
                clock.at(SqlTimes.instant(p[4])),
                ((Number) p[5]).doubleValue(),
                prizes.stream()
                        .map(x -> new Prize(
                                ((Number) x[0]).longValue(),
                                (String) x[1],
                                ((Number) x[2]).intValue(),
                                ((Number) x[3]).intValue()))
                        .toList());
    }
}
