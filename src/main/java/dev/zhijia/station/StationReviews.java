package dev.zhijia.station;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import dev.zhijia.common.DuplicateKey;
import dev.zhijia.common.Masking;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.MemberService;
import dev.zhijia.stats.Rollups;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * 一秒点评: one review per member per station per service-zone day. The unique key
 * {@code uk_review_once_a_day} decides; the station's running rating moves in the same transaction.
 */
@ApplicationScoped
public class StationReviews {

    /** What the reviewer gets back. */
    @RegisterForReflection
    public record Posted(
            long id, long stationId, int score, List<String> tags, String comment, OffsetDateTime createdAt) {}

    /** What everyone sees in the list: the reviewer's roster name masked. */
    @RegisterForReflection
    public record Item(
            long id, int score, List<String> tags, String comment, String reviewer, OffsetDateTime createdAt) {}

    private final EntityManager em;
    private final Stations stations;
    private final MemberService members;
    private final ShiftableClock clock;
    private final Rollups rollups;

    StationReviews(EntityManager em, Stations stations, MemberService members, ShiftableClock clock, Rollups rollups) {
        this.em = em;
        this.rollups = rollups;
        this.stations = stations;
        this.members = members;
        this.clock = clock;
    }

    @Transactional
    public Posted post(long stationId, long memberId, int score, List<String> tags, String comment) {
        members.requireVerified(memberId);
        LocalDate day = clock.today();
        // Cheap and friendly for the usual double tap; the unique key below decides a race.
        if (StationReview.count("stationId = ?1 and memberId = ?2 and reviewDate = ?3", stationId, memberId, day) > 0) {
            throw alreadyReviewed();
        }
        // The station row first: inserting the review takes a shared lock on it for the foreign key, and two
        // reviewers each holding that while waiting to update the rating would deadlock.
        int updated = em.createNativeQuery(
                        "UPDATE station SET rating_sum = rating_sum + ?1, rating_count = rating_count + 1,"
                                + " version = version + 1 WHERE id = ?2 AND deleted_at IS NULL")
                .setParameter(1, score)
                .setParameter(2, stationId)
                .executeUpdate();
        if (updated == 0) {
            throw stationNotFound(stationId);
        }
        StationReview r = new StationReview();
        r.stationId = stationId;
        r.memberId = memberId;
        r.reviewDate = day;
        r.score = score;
        r.tags = String.join(";", clean(tags));
        r.comment = comment == null || comment.isBlank() ? null : comment.strip();
        r.createdAt = clock.instant();
        try {
            r.persistAndFlush();
        } catch (PersistenceException e) {
            if (DuplicateKey.causes(e)) {
                throw alreadyReviewed(); // and the rating update rolls back with it
            }
            throw e;
        }
        rollups.reviewed(stationId, score, r.createdAt);
        stations.announce(stationId);
        return new Posted(r.id, stationId, score, r.tagList(), r.comment, clock.at(r.createdAt));
    }

    /** Newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Item> list(long stationId, int limit, long before) {
        stations.live(stationId, LockModeType.NONE);
        List<Object[]> rows = em.createQuery(
                        "select r, e.name from StationReview r join Member m on m.id = r.memberId"
                                + " left join RosterEntry e on e.id = m.rosterId where r.stationId = ?1 and r.id < ?2 order by r.id desc",
                        Object[].class)
                .setParameter(1, stationId)
                .setParameter(2, before)
                .setMaxResults(limit + 1)
                .getResultList();
        List<Item> items = rows.stream()
                .map(row -> {
                    StationReview r = (StationReview) row[0];
                    String name = (String) row[1];
                    return new Item(
                            r.id,
                            r.score,
                            r.tagList(),
                            r.comment,
                            name == null ? "*" : Masking.name(name),
                            clock.at(r.createdAt));
                })
                .toList();
        return Page.of(items, limit, Item::id);
    }

    private static List<String> clean(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        tags.forEach(t -> distinct.add(t.strip()));
        return List.copyOf(distinct);
    }

    static ProblemException stationNotFound(long id) {
        return ProblemException.notFound(StationErrors.STATION_NOT_FOUND, "No station " + id);
    }

    private static ProblemException alreadyReviewed() {
        return ProblemException.conflict(
                StationErrors.ALREADY_REVIEWED_TODAY, "You have already reviewed this station today");
    }
}
