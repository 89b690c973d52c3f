package dev.zhijia.station;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import dev.zhijia.common.CommonErrors;
import dev.zhijia.common.Masking;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RateLimiter;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.MemberService;
import dev.zhijia.org.Scope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Members report problems at a station; admins resolve them. {@code station.open_reports} moves with every
 * report and every resolution in the same transaction, by one guarded SQL update each, so it always equals
 * the number of OPEN rows.
 */
@ApplicationScoped
public class StationReports {

    /** What the reporter gets back. */
    @RegisterForReflection
    public record Filed(
            long id,
            long stationId,
            ReportKind kind,
            String comment,
            StationReport.Status status,
            OffsetDateTime createdAt) {}

    /** What an admin sees: the reporter masked. */
    @RegisterForReflection
    public record View(
            long id,
            long stationId,
            String stationName,
            ReportKind kind,
            String comment,
            StationReport.Status status,
            String reporter,
            OffsetDateTime createdAt,
            Long resolvedBy,
            OffsetDateTime resolvedAt,
            String resolution) {}

    private static final String VIEW_ROWS =
            "select r, s.name, e.name from StationReport r join Station s on s.id = r.stationId"
                    + " join Member m on m.id = r.memberId left join RosterEntry e on e.id = m.rosterId";

    // Longer than any calendar day (DST zones have 25-hour days); the key names the day anyway.
    private static final Duration DAY_WINDOW = Duration.ofHours(26);

    private final EntityManager em;
    private final Stations stations;
    private final MemberService members;
    private final RateLimiter limiter;
    private final ShiftableClock clock;
    private final StationConfig config;

    StationReports(
            EntityManager em,
            Stations stations,
            MemberService members,
            RateLimiter limiter,
            ShiftableClock clock,
            StationConfig config) {
        this.em = em;
        this.stations = stations;
        this.members = members;
        this.limiter = limiter;
        this.clock = clock;
        this.config = config;
    }

    @Transactional
    public Filed file(long stationId, long memberId, ReportKind kind, String comment) {
        members.requireVerified(memberId);
        stations.live(stationId, LockModeType.NONE); // an unknown station does not count against the limit
        String key = "station-report:member:" + memberId + ":" + clock.today();
        if (limiter.hit(key, DAY_WINDOW) > config.maxReportsPerDay()) {
            throw ProblemException.tooManyRequests(
                    CommonErrors.TOO_MANY_ATTEMPTS,
                    "At most " + config.maxReportsPerDay() + " reports a day; thank you, the station has been told");
        }
        // The station row first, as in StationReviews: the report's foreign key would otherwise share-lock it.
        int updated = em.createNativeQuery("UPDATE station SET open_reports = open_reports + 1, version = version + 1"
                        + " WHERE id = ?1 AND deleted_at IS NULL")
                .setParameter(1, stationId)
                .executeUpdate();
        if (updated == 0) {
            throw StationReviews.stationNotFound(stationId);
        }
        StationReport r = new StationReport();
        r.stationId = stationId;
        r.memberId = memberId;
        r.kind = kind;
        r.comment = comment == null || comment.isBlank() ? null : comment.strip();
        r.createdAt = clock.instant();
        r.persist();
        stations.announce(stationId);
        return new Filed(r.id, r.stationId, r.kind, r.comment, r.status, clock.at(r.createdAt));
    }

    /** Newest first; {@code stationId} and {@code status} narrow it when given. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<View> list(Scope scope, Long stationId, StationReport.Status status, int limit, long before) {
        StringBuilder hql = new StringBuilder(VIEW_ROWS + " where r.id < :before and " + scope.where("s.orgId"));
        if (stationId != null) {
            hql.append(" and r.stationId = :station");
        }
        if (status != null) {
            hql.append(" and r.status = :status");
        }
        TypedQuery<Object[]> query = em.createQuery(
                        hql.append(" order by r.id desc").toString(), Object[].class)
                .setParameter("before", before)
                .setMaxResults(limit + 1);
        if (stationId != null) {
            query.setParameter("station", stationId);
        }
        if (status != null) {
            query.setParameter("status", status);
        }
        List<View> items = query.getResultList().stream().map(this::view).toList();
        return Page.of(items, limit, View::id);
    }

    /**
     * Resolves an open report once: the guarded update lets exactly one of two racing admins through, and only
     * that one takes the report off the station's count.
     */
    @Transactional
    public View resolve(Scope scope, long reportId, long adminId, String resolution) {
        // a report belongs to its station's org
        List<String> org = em.createQuery(
                        "select s.orgId from StationReport r join Station s on s.id = r.stationId where r.id = :id",
                        String.class)
                .setParameter("id", reportId)
                .getResultList();
        scope.visible(org.isEmpty() ? null : org, org.isEmpty() ? null : org.get(0), () -> reportNotFound(reportId));
        int resolved = em.createNativeQuery(
                        "UPDATE station_report SET status = 'RESOLVED', resolved_by = ?1, resolved_at = ?2,"
                                + " resolution = ?3 WHERE id = ?4 AND status = 'OPEN'")
                .setParameter(1, adminId)
                .setParameter(2, clock.instant())
                .setParameter(3, resolution == null || resolution.isBlank() ? null : resolution.strip())
                .setParameter(4, reportId)
                .executeUpdate();
        StationReport r = StationReport.findById(reportId); // read after the update: sees it
        if (r == null) {
            throw reportNotFound(reportId);
        }
        if (resolved == 0) {
            throw ProblemException.conflict(
                    StationErrors.REPORT_ALREADY_RESOLVED, "Report " + reportId + " was already resolved");
        }
        em.createNativeQuery("UPDATE station SET open_reports = open_reports - 1, version = version + 1"
                        + " WHERE id = ?1 AND open_reports > 0")
                .setParameter(1, r.stationId)
                .executeUpdate();
        stations.announce(r.stationId);
        return view(em.createQuery(VIEW_ROWS + " where r.id = :id", Object[].class)
                .setParameter("id", reportId)
                .getSingleResult());
    }

    private static ProblemException reportNotFound(long reportId) {
        return ProblemException.notFound(StationErrors.REPORT_NOT_FOUND, "No report " + reportId);
    }

    /** A row of {@link #VIEW_ROWS}: the report, its station's name, the reporter's roster name. */
    private View view(Object[] row) {
        StationReport r = (StationReport) row[0];
        String reporter = (String) row[2];
        return new View(
                r.id,
                r.stationId,
                (String) row[1],
                r.kind,
                r.comment,
                r.status,
                reporter == null ? "*" : Masking.name(reporter),
                clock.at(r.createdAt),
                r.resolvedBy,
                clock.at(r.resolvedAt),
                r.resolution);
    }
}
