package dev.zhijia.stats;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zhijia.benefit.Benefits;
import dev.zhijia.campaign.CampaignErrors;
import dev.zhijia.common.NativeCounts;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * 惠及人数 and friends. Ranges are service-zone calendar days, both ends included. The range figures read
 * the daily rollups (V8, written with each verification, claim and review), so a year costs a few
 * hundred small rows plus one or two rows per member for the distinct count.
 */
@ApplicationScoped
public class Figures {

    static final int MAX_DAYS = 366;

    /** The figures of {@code orgId}'s subtree; {@code children} (when asked for) the same for each direct child org. */
    @RegisterForReflection
    public record Overview(
            LocalDate from,
            LocalDate to,
            long members,
            long verifiedMembers,
            long peopleServed,
            long waterPickups,
            long claims,
            long redemptions,
            long reviews,
            Double avgRating,
            String orgId,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<ChildOverview> children) {

        Overview withChildren(List<ChildOverview> breakdown) {
            return new Overview(
                    from,
                    to,
                    members,
                    verifiedMembers,
                    peopleServed,
                    waterPickups,
                    claims,
                    redemptions,
                    reviews,
                    avgRating,
                    orgId,
                    breakdown);
        }
    }

    @RegisterForReflection
    public record ChildOverview(String orgId, String name, Overview figures) {}

    @RegisterForReflection
    public record StationFigures(
            long stationId,
            String name,
            String type,
            long pickups,
            long redemptions,
            long reviews,
            Double rating,
            int ratingCount,
            int waterStock,
            String orgId,
            long entries,
            long entrants) {}

    // The org each figure row belongs to: a station's, a benefit's, a member's roster entry's (none for the
    // unverified).
    static final String STATION_ORG = "(SELECT st.org_id FROM station st WHERE st.id = station_id)";
    static final String BENEFIT_ORG = "(SELECT bn.org_id FROM benefit bn WHERE bn.id = benefit_id)";
    private static final String MEMBER_ORG = "(SELECT r.org_id FROM roster_entry r WHERE r.id = member.roster_id)";
    static final String SERVED_MEMBER_ORG =
            "(SELECT r.org_id FROM member mb JOIN roster_entry r ON r.id = mb.roster_id WHERE mb.id = member_id)";

    @RegisterForReflection
    public record BenefitFigures(
            long benefitId,
            String title,
            String allocation,
            int totalStock,
            long claims,
            long cancellations,
            long redemptions,
            long remaining,
            Long sellOutSeconds,
            Long entries,
            Curve sellOut) {}

    /**
     * Counts per time bucket from {@code start}: every bucket up to now (or the window's end) has a point,
     * so the chart's x axis is time itself. {@code offset} is the bucket's number (minutes or hours after
     * {@code start}, per {@code bucketSeconds}).
     */
    @RegisterForReflection
    public record Curve(java.time.OffsetDateTime start, int bucketSeconds, List<CurvePoint> points) {}

    @RegisterForReflection
    public record CurvePoint(int offset, long count, long cumulative) {}

    /** The sell-out curve covers the first this many minutes after a benefit opens. */
    static final int SELL_OUT_MINUTES = 30;
    /** Campaign reads: by 10 s for the first 10 minutes, by minute for the first 3 hours, by hour up to a week. */
    static final int READS_BY_10S_MINUTES = 10;

    static final int READS_BY_MINUTE_HOURS = 3;

    static final int READS_MAX_HOURS = 7 * 24;

    @RegisterForReflection
    public record CampaignFigures(
            long campaignId,
            String title,
            String kind,
            String status,
            long delivered,
            long read,
            Map<String, Long> signups,
            long ballots,
            Map<String, Long> subscribeMessages,
            Curve reads) {}

    public record Range(LocalDate from, LocalDate to, Instant start, Instant end) {}

    private final EntityManager em;
    private final ShiftableClock clock;
    private final Orgs orgs;

    Figures(EntityManager em, ShiftableClock clock, Orgs orgs) {
        this.orgs = orgs;
        this.em = em;
        this.clock = clock;
    }

    /** Defaults to today; refuses reversed or over-long ranges. */
    public Range range(LocalDate from, LocalDate to) {
        LocalDate f = from == null ? (to == null ? clock.today() : to) : from;
        LocalDate t = to == null ? f.isAfter(clock.today()) ? f : clock.today() : to;
        if (t.isBefore(f)) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(f, t) >= MAX_DAYS) {
            throw ProblemException.invalid("to", "a range covers at most " + MAX_DAYS + " days");
        }
        return new Range(f, t, clock.startOf(f), clock.startOf(t.plusDays(1)));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Overview overview(Scope scope, Range r) {
        Object[] days =
                (Object[]) em.createNativeQuery("SELECT COALESCE(SUM(pickups), 0), COALESCE(SUM(redemptions), 0),"
                                + " COALESCE(SUM(reviews), 0), COALESCE(SUM(review_score_sum), 0) FROM figure_station_day WHERE day BETWEEN ?1 AND ?2 AND "
                                + scope.where(STATION_ORG))
                        .setParameter(1, r.from())
                        .setParameter(2, r.to())
                        .getSingleResult();
        long reviews = ((Number) days[2]).longValue();
        Double avg = reviews == 0 ? null : Math.round(((Number) days[3]).doubleValue() * 100 / reviews) / 100.0;
        // members and verified members in one scan of idx_member_created (created_at, verified_at)
        Object[] members = (Object[])
                em.createNativeQuery("SELECT COUNT(*), COALESCE(SUM(CASE WHEN verified_at < ?1 THEN 1 ELSE 0 END), 0)"
                                + " FROM member WHERE created_at < ?1 AND " + scope.where(MEMBER_ORG))
                        .setParameter(1, r.end())
                        .getSingleResult();
        return new Overview(
                r.from(),
                r.to(),
                ((Number) members[0]).longValue(),
                ((Number) members[1]).longValue(),
                peopleServed(scope, r.from(), r.to()),
                ((Number) days[0]).longValue(),
                count(
                        "SELECT COALESCE(SUM(claims), 0) FROM figure_benefit_day WHERE day BETWEEN ?1 AND ?2 AND "
                                + scope.where(BENEFIT_ORG),
                        r.from(),
                        r.to()),
                ((Number) days[1]).longValue(),
                reviews,
                avg,
                scope.orgId(),
                null);
    }

    /** The overview with one more for each direct child org of the scope's (each rolling up its own subtree). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Overview overviewByChild(Scope scope, Range r) {
        List<ChildOverview> children = orgs.children(scope.orgId()).stream()
                .map(child -> new ChildOverview(child.id(), child.name(), overview(orgs.scopeOf(child.id()), r)))
                .toList();
        return overview(scope, r).withChildren(children);
    }

    /**
     * Distinct members who picked up or redeemed on a day of the range, from the per-member year rows of
     * V8: a range within one year needs no dedupe at all; one across New Year reads two rows per member.
     */
    private long peopleServed(Scope scope, LocalDate from, LocalDate to) {
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            LocalDate first = year == from.getYear() ? from : LocalDate.of(year, 1, 1);
            LocalDate last = year == to.getYear() ? to : LocalDate.of(year, 12, 31);
            where.append(where.length() == 0 ? "" : " OR ").append(YearDays.anyDayOf(first, last, args));
        }
        String counted = from.getYear() == to.getYear() ? "COUNT(*)" : "COUNT(DISTINCT member_id)";
        return count(
                "SELECT " + counted + " FROM figure_served_year WHERE (" + where + ") AND "
                        + scope.where(SERVED_MEMBER_ORG),
                args.toArray());
    }

    /** Every live station, with its figures for the range (stations without any activity included). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StationFigures> stations(Scope scope, Range r) {
        Map<Long, long[]> activity = new HashMap<>();
        List<Object[]> days = em.createNativeQuery(
                        "SELECT station_id, SUM(pickups), SUM(redemptions), SUM(reviews), SUM(entries) FROM figure_station_day"
                                + " WHERE day BETWEEN ?1 AND ?2 AND " + scope.where(STATION_ORG)
                                + " GROUP BY station_id")
                .setParameter(1, r.from())
                .setParameter(2, r.to())
                .getResultList();
        for (Object[] d : days) {
            activity.put(((Number) d[0]).longValue(), new long[] {
                ((Number) d[1]).longValue(),
                ((Number) d[2]).longValue(),
                ((Number) d[3]).longValue(),
                ((Number) d[4]).longValue(),
                0
            });
        }
        // entrants: distinct members who came in through a door (V14), across the whole range
        List<Object[]> entrants = em.createNativeQuery(
                        "SELECT station_id, COUNT(DISTINCT member_id) FROM figure_entrant_day WHERE day BETWEEN ?1 AND ?2 AND "
                                + scope.where(STATION_ORG) + " GROUP BY station_id")
                .setParameter(1, r.from())
                .setParameter(2, r.to())
                .getResultList();
        for (Object[] e : entrants) {
            activity.computeIfAbsent(((Number) e[0]).longValue(), k -> new long[5])[4] = ((Number) e[1]).longValue();
        }
        List<Object[]> stations = em.createNativeQuery(
                        "SELECT id, name, type, rating_sum, rating_count, water_stock, org_id FROM station"
                                + " WHERE deleted_at IS NULL AND " + scope.where("org_id") + " ORDER BY id")
                .getResultList();
        return stations.stream()
                .map(s -> {
                    long id = ((Number) s[0]).longValue();
                    long[] a = activity.getOrDefault(id, new long[5]);
                    int ratingCount = ((Number) s[4]).intValue();
                    Double rating = ratingCount == 0
                            ? null
                            : Math.round(((Number) s[3]).doubleValue() * 10 / ratingCount) / 10.0;
                    return new StationFigures(
                            id,
                            (String) s[1],
                            (String) s[2],
                            a[0],
                            a[1],
                            a[2],
                            rating,
                            ratingCount,
                            ((Number) s[5]).intValue(),
                            (String) s[6],
                            a[3],
                            a[4]);
                })
                .toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public BenefitFigures benefit(Scope scope, long benefitId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id, title, allocation, total_stock, claimed_count, opens_at, sold_out_at, org_id"
                                + " FROM benefit WHERE id = ?1")
                .setParameter(1, benefitId)
                .getResultList();
        Object[] b = scope.visible(
                rows.isEmpty() ? null : rows.get(0),
                rows.isEmpty() ? null : (String) rows.get(0)[7],
                () -> Benefits.notFound(benefitId));
        Instant opens = SqlTimes.instant(b[5]);
        Instant soldOut = SqlTimes.instant(b[6]);
        boolean lottery = "LOTTERY".equals(b[2]);
        return new BenefitFigures(
                benefitId,
                (String) b[1],
                (String) b[2],
                ((Number) b[3]).intValue(),
                count("SELECT COUNT(*) FROM benefit_claim WHERE benefit_id = ?1 AND status <> 'CANCELLED'", benefitId),
                count("SELECT COUNT(*) FROM benefit_claim WHERE benefit_id = ?1 AND status = 'CANCELLED'", benefitId),
                count("SELECT COUNT(*) FROM benefit_claim WHERE benefit_id = ?1 AND status = 'REDEEMED'", benefitId),
                Math.max(0, ((Number) b[3]).intValue() - ((Number) b[4]).intValue()),
                soldOut == null || lottery ? null : Math.max(0, soldOut.getEpochSecond() - opens.getEpochSecond()),
                lottery ? count("SELECT COUNT(*) FROM benefit_entry WHERE benefit_id = ?1", benefitId) : null,
                curve(
                        // claims as made (a later cancellation does not move the curve); entries for a lottery
                        lottery
                                ? "SELECT TIMESTAMPDIFF(SECOND, ?2, created_at) DIV ?3 b, COUNT(*) FROM benefit_entry"
                                        + " WHERE benefit_id = ?1 AND created_at >= ?2 AND created_at < ?4 GROUP BY b"
                                : "SELECT TIMESTAMPDIFF(SECOND, ?2, created_at) DIV ?3 b, COUNT(*) FROM benefit_claim"
                                        + " WHERE benefit_id = ?1 AND created_at >= ?2 AND created_at < ?4 GROUP BY b",
                        benefitId,
                        opens,
                        60,
                        SELL_OUT_MINUTES));
    }

    /** {@code sql} takes ?1 the id, ?2 the start, ?3 the bucket in seconds, ?4 the window's end; yields (bucket, count). */
    private Curve curve(String sql, long id, Instant start, int bucketSeconds, int buckets) {
        Instant now = clock.instant();
        List<CurvePoint> points = new ArrayList<>();
        if (start != null && !start.isAfter(now)) {
            int upTo = (int) Math.min(buckets - 1, (now.getEpochSecond() - start.getEpochSecond()) / bucketSeconds);
            List<Object[]> rows = em.createNativeQuery(sql)
                    .setParameter(1, id)
                    .setParameter(2, start)
                    .setParameter(3, bucketSeconds)
                    .setParameter(4, start.plusSeconds((long) bucketSeconds * buckets))
                    .getResultList();
            long[] counts = new long[upTo + 1];
            for (Object[] r : rows) {
                int b = ((Number) r[0]).intValue();
                if (b >= 0 && b <= upTo) {
                    counts[b] += ((Number) r[1]).longValue();
                }
            }
            long cumulative = 0;
            for (int b = 0; b <= upTo; b++) {
                cumulative += counts[b];
                points.add(new CurvePoint(b, counts[b], cumulative));
            }
        }
        return new Curve(start == null ? null : clock.at(start), bucketSeconds, points);
    }

    /** Reach (inbox entries, read), sign-ups by status, ballots, and subscribe-message outcomes of one campaign. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public CampaignFigures campaign(Scope scope, long campaignId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT title, kind, status, org_id, published_at FROM campaign WHERE id = ?1")
                .setParameter(1, campaignId)
                .getResultList();
        Object[] c = scope.visible(
                rows.isEmpty() ? null : rows.get(0),
                rows.isEmpty() ? null : (String) rows.get(0)[3],
                () -> ProblemException.notFound(CampaignErrors.CAMPAIGN_NOT_FOUND, "No campaign " + campaignId));
        return new CampaignFigures(
                campaignId,
                (String) c[0],
                (String) c[1],
                (String) c[2],
                count("SELECT COUNT(*) FROM inbox_message WHERE kind = 'CAMPAIGN' AND ref_id = ?1", campaignId),
                count(
                        "SELECT COUNT(*) FROM inbox_message WHERE kind = 'CAMPAIGN' AND ref_id = ?1 AND read_at IS NOT NULL",
                        campaignId),
                grouped(
                        "SELECT status, COUNT(*) FROM campaign_signup WHERE campaign_id = ?1 GROUP BY status",
                        campaignId),
                count("SELECT COUNT(*) FROM campaign_ballot WHERE campaign_id = ?1", campaignId),
                grouped(
                        "SELECT status, COUNT(*) FROM subscribe_message WHERE campaign_id = ?1 GROUP BY status",
                        campaignId),
                reads(campaignId, SqlTimes.instant(c[4])));
    }

    /**
     * Inbox entries of the campaign read, over time since it was published (idx_inbox_ref): by 10 seconds for
     * the first 10 minutes, by minute for the first 3 hours, then by hour up to a week — so a fresh campaign's
     * chart has more than one point and an old one's fewer than two hundred.
     */
    private Curve reads(long campaignId, Instant published) {
        long age = published == null ? 0 : clock.instant().getEpochSecond() - published.getEpochSecond();
        int bucket = age < READS_BY_10S_MINUTES * 60 ? 10 : age < READS_BY_MINUTE_HOURS * 3600 ? 60 : 3600;
        int buckets =
                bucket == 10 ? READS_BY_10S_MINUTES * 6 : bucket == 60 ? READS_BY_MINUTE_HOURS * 60 : READS_MAX_HOURS;
        return curve(
                "SELECT TIMESTAMPDIFF(SECOND, ?2, read_at) DIV ?3 b, COUNT(*) FROM inbox_message"
                        + " WHERE kind = 'CAMPAIGN' AND ref_id = ?1 AND read_at >= ?2 AND read_at < ?4 GROUP BY b",
                campaignId,
                published,
                bucket,
                buckets);
    }

    private Map<String, Long> grouped(String sql, long id) {
        Map<String, Long> out = new java.util.TreeMap<>();
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, id).getResultList();
        for (Object[] r : rows) {
            out.put((String) r[0], ((Number) r[1]).longValue());
        }
        return out;
    }

    private long count(String sql, Object... args) {
        return NativeCounts.count(em, sql, args);
    }
}
