package dev.zhijia.benefit;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zhijia.common.Hashes;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RowLocks;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.Audience;
import dev.zhijia.member.AudienceRule;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import dev.zhijia.station.Stations;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Benefits for admins to set up and for everyone to browse, with live {@code remaining}. */
@ApplicationScoped
public class Benefits {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(
            long id,
            String title,
            String description,
            Benefit.Allocation allocation,
            int totalStock,
            int perMemberLimit,
            long remaining,
            String status,
            OffsetDateTime opensAt,
            OffsetDateTime closesAt,
            OffsetDateTime redeemBy,
            List<Long> stationIds,
            Eligibility eligibility,
            OffsetDateTime soldOutAt,
            Boolean drawn,
            String drawSeedSha256,
            String orgId) {}

    @RegisterForReflection
    public record Eligibility(List<String> tags, List<String> orgIds) {}

    private final EntityManager em;
    private final ShiftableClock clock;
    private final ClaimGate gate;
    private final Stations stations;
    private final SecureRandom seeds = new SecureRandom();

    private final Orgs orgs;

    Benefits(EntityManager em, ShiftableClock clock, ClaimGate gate, Stations stations, Orgs orgs) {
        this.orgs = orgs;
        this.em = em;
        this.stations = stations;
        this.clock = clock;
        this.gate = gate;
    }

    public View create(Scope scope, BenefitRequest r, long adminId) {
        Benefit b = QuarkusTransaction.requiringNew().call(() -> {
            Benefit created = new Benefit();
            created.orgId = orgs.owner(scope, r.orgId());
            created.createdBy = adminId;
            created.createdAt = clock.instant();
            created.allocation = r.allocation() == null ? Benefit.Allocation.FIRST_COME : r.allocation();
            if (created.allocation == Benefit.Allocation.LOTTERY) {
                created.drawSeed = Lottery.newSeed(seeds);
            }
            apply(scope, created, r);
            created.persist();
            replaceStations(scope, created.id, r.stationIds());
            return created;
        });
        return loaded(b);
    }

    /** Only before opening: once members can claim, the terms stay as announced. */
    public View update(Scope scope, long id, BenefitRequest r) {
        Benefit b = QuarkusTransaction.requiringNew().call(() -> {
            Benefit found = find(id, LockModeType.PESSIMISTIC_WRITE);
            scope.visible(found, found.orgId, () -> notFound(id));
            if (!clock.instant().isBefore(found.opensAt)) {
                throw ProblemException.conflict(
                        BenefitErrors.BENEFIT_ALREADY_OPEN, "A benefit cannot change once it has opened");
            }
            if (r.allocation() != null && r.allocation() != found.allocation) {
                throw ProblemException.invalid("allocation", "cannot change the allocation of an existing benefit");
            }
            if (r.orgId() != null) {
                found.orgId = orgs.owner(scope, r.orgId());
            }
            apply(scope, found, r);
            replaceStations(scope, found.id, r.stationIds());
            return found;
        });
        return loaded(b);
    }

    /** After the commit, so no tap can reserve a unit of a benefit MySQL does not have yet. */
    private View loaded(Benefit b) {
        if (b.allocation == Benefit.Allocation.FIRST_COME) {
            gate.load(b, List.of());
        }
        return QuarkusTransaction.requiringNew().call(() -> view(b));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public View detail(long id) {
        return view(find(id, LockModeType.NONE));
    }

    /** {@code status}: open, upcoming or closed (null: all). Newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<View> list(String status, int limit, long before) {
        Instant now = clock.instant();
        var query = status == null
                ? Benefit.<Benefit>find("id < ?1 order by id desc", before)
                : Benefit.<Benefit>find(
                        "id < ?1"
                                + switch (status) {
                                    case "open" -> " and opensAt <= ?2 and closesAt > ?2";
                                    case "upcoming" -> " and opensAt > ?2";
                                    default -> " and closesAt <= ?2";
                                }
                                + " order by id desc",
                        before,
                        now);
        List<Benefit> rows = query.range(0, limit).list();
        return Page.of(rows.stream().map(this::view).toList(), limit, View::id);
    }

    public Benefit find(long id, LockModeType lock) {
        Benefit b = RowLocks.find(em, Benefit.class, "benefit", id, lock);
        if (b == null) {
            throw notFound(id);
        }
        return b;
    }

    public static ProblemException notFound(long id) {
        return ProblemException.notFound(BenefitErrors.BENEFIT_NOT_FOUND, "No benefit " + id);
    }

    @SuppressWarnings("unchecked")
    public List<Long> stationIds(long benefitId) {
        return em.createNativeQuery(
                        "SELECT station_id FROM benefit_station WHERE benefit_id = ?1 ORDER BY station_id", Long.class)
                .setParameter(1, benefitId)
                .getResultList();
    }

    View view(Benefit b) {
        Instant now = clock.instant();
        Long redisRemaining = b.allocation == Benefit.Allocation.FIRST_COME ? gate.remaining(b.id) : null;
        long remaining = redisRemaining != null ? redisRemaining : Math.max(0, b.totalStock - b.claimedCount);
        return new View(
                b.id,
                b.title,
                b.description,
                b.allocation,
                b.totalStock,
                b.perMemberLimit,
                remaining,
                b.status(now),
                clock.at(b.opensAt),
                clock.at(b.closesAt),
                clock.at(b.redeemBy),
                stationIds(b.id),
                new Eligibility(b.tagList(), b.orgList()),
                clock.at(b.soldOutAt),
                b.allocation == Benefit.Allocation.LOTTERY ? b.drawnAt != null : null,
                b.drawSeed == null ? null : Hashes.sha256(b.drawSeed),
                b.orgId);
    }

    private void apply(Scope scope, Benefit b, BenefitRequest r) {
        Instant opens = r.opensAt().toInstant();
        Instant closes = r.closesAt().toInstant();
        Instant redeemBy = r.redeemBy().toInstant();
        if (!opens.isBefore(closes)) {
            throw ProblemException.invalid("closesAt", "must be after opensAt");
        }
        if (redeemBy.isBefore(closes)) {
            throw ProblemException.invalid("redeemBy", "must not be before closesAt");
        }
        b.title = r.title().strip();
        b.description = r.description() == null ? "" : r.description().strip();
        b.totalStock = r.totalStock();
        b.perMemberLimit = 1;
        b.opensAt = opens;
        b.closesAt = closes;
        b.redeemBy = redeemBy;
        Audience eligible = AudienceRule.audience(r.eligibility());
        orgs.requireAudience(scope, eligible.orgIds());
        b.eligibleTags = eligible.joinedTags();
        b.eligibleOrgs = eligible.joinedOrgs();
        b.updatedAt = clock.instant();
    }

    private void replaceStations(Scope scope, long benefitId, List<Long> stationIds) {
        Set<Long> ids = new TreeSet<>(stationIds == null ? List.of() : stationIds);
        stations.requireLive(scope, ids);
        em.createNativeQuery("DELETE FROM benefit_station WHERE benefit_id = ?1")
                .setParameter(1, benefitId)
                .executeUpdate();
        for (Long stationId : ids) {
            em.createNativeQuery("INSERT INTO benefit_station (benefit_id, station_id) VALUES (?1, ?2)")
                    .setParameter(1, benefitId)
                    .setParameter(2, stationId)
                    .executeUpdate();
        }
    }
}
