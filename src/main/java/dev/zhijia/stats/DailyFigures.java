package dev.zhijia.stats;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import dev.zhijia.org.Scope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One row per service-zone day for the trend charts, read from the daily rollups only (V8, V17): one
 * grouped query per rollup table, and one pass over the per-member year rows for the people served each
 * day. Every day of the range has a row, zeros included, so a chart's x axis is the range itself.
 *
 * <p>The row is one column per rolled-up counter ({@link #SOURCES}), then {@code peopleServed} and the
 * derived {@code avgRating}. A capability that rolls up a new counter adds its table (or column) to
 * {@link #SOURCES}; the JSON, the CSV header and the mock client's charts follow from {@link #COLUMNS}.
 */
@ApplicationScoped
public class DailyFigures {

    /** A rolled-up counter: its name in the row (and the CSV header), and the rollup column it sums. */
    record Counter(String name, String column) {}

    /** A daily rollup table ({@code day} plus an owner id), the org of a row, the counters it holds. */
    record Source(String table, String orgOfRow, List<Counter> counters) {}

    static final String SERVICE_ORG = "(SELECT bs.org_id FROM booking_service bs WHERE bs.id = service_id)";

    static final List<Source> SOURCES = List.of(
            new Source(
                    "figure_station_day",
                    Figures.STATION_ORG,
                    List.of(
                            new Counter("pickups", "pickups"),
                            new Counter("redemptions", "redemptions"),
                            new Counter("reviews", "reviews"),
                            new Counter("reviewScoreSum", "review_score_sum"))),
            new Source("figure_benefit_day", Figures.BENEFIT_ORG, List.of(new Counter("claims", "claims"))),
            new Source("figure_service_day", SERVICE_ORG, List.of(new Counter("bookings", "bookings"))));

    static final String PEOPLE_SERVED = "peopleServed";
    static final String AVG_RATING = "avgRating";

    /** The columns of a row after {@code day}, in order. */
    public static final List<String> COLUMNS = columns();

    private static List<String> columns() {
        List<String> c = new ArrayList<>();
        c.add(PEOPLE_SERVED);
        SOURCES.forEach(s -> s.counters().forEach(k -> c.add(k.name())));
        c.add(AVG_RATING);
        return List.copyOf(c);
    }

    @RegisterForReflection
    public record Daily(LocalDate from, LocalDate to, List<String> columns, List<Map<String, Object>> items) {}

    private final EntityManager em;

    DailyFigures(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Daily daily(Scope scope, Figures.Range r) {
        TreeMap<LocalDate, Map<String, Object>> rows = new TreeMap<>();
        for (LocalDate d = r.from(); !d.isAfter(r.to()); d = d.plusDays(1)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("day", d.toString());
            COLUMNS.forEach(c -> row.put(c, 0L));
            row.put(AVG_RATING, null);
            rows.put(d, row);
        }
        for (Source s : SOURCES) {
            StringBuilder sql = new StringBuilder("SELECT day");
            s.counters()
                    .forEach(k ->
                            sql.append(", COALESCE(SUM(").append(k.column()).append("), 0)"));
            sql.append(" FROM ")
                    .append(s.table())
                    .append(" WHERE day BETWEEN ?1 AND ?2 AND ")
                    .append(scope.where(s.orgOfRow()))
                    .append(" GROUP BY day");
            List<Object[]> found = em.createNativeQuery(sql.toString())
                    .setParameter(1, r.from())
                    .setParameter(2, r.to())
                    .getResultList();
            for (Object[] f : found) {
                Map<String, Object> row = rows.get(day(f[0]));
                for (int i = 0; i < s.counters().size(); i++) {
                    row.put(s.counters().get(i).name(), ((Number) f[i + 1]).longValue());
                }
            }
        }
        peopleServed(scope, r, rows);
        for (Map<String, Object> row : rows.values()) {
            long reviews = (Long) row.get("reviews");
            long sum = (Long) row.get("reviewScoreSum");
            row.put(AVG_RATING, reviews == 0 ? null : Math.round(sum * 100.0 / reviews) / 100.0);
        }
        return new Daily(r.from(), r.to(), COLUMNS, List.copyOf(rows.values()));
    }

    /**
     * Distinct members served on each day: per year of the range, one scan of the members' year rows that
     * have any day of it set, summing each day's bit (a day's count is exact: one row per member and year).
     */
    private void peopleServed(Scope scope, Figures.Range r, Map<LocalDate, Map<String, Object>> rows) {
        for (int year = r.from().getYear(); year <= r.to().getYear(); year++) {
            LocalDate first = year == r.from().getYear() ? r.from() : LocalDate.of(year, 1, 1);
            LocalDate last = year == r.to().getYear() ? r.to() : LocalDate.of(year, 12, 31);
            StringBuilder select = new StringBuilder("SELECT ");
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                select.append(days.isEmpty() ? "" : ", ")
                        .append("COALESCE(SUM(")
                        .append(YearDays.isSet(d))
                        .append("), 0)");
                days.add(d);
            }
            List<Object> args = new ArrayList<>();
            String where = YearDays.anyDayOf(first, last, args);
            Query q = em.createNativeQuery(select + " FROM figure_served_year WHERE " + where + " AND "
                    + scope.where(Figures.SERVED_MEMBER_ORG));
            for (int i = 0; i < args.size(); i++) {
                q.setParameter(i + 1, args.get(i));
            }
            Object result = q.getSingleResult();
            Object[] sums = days.size() == 1 ? new Object[] {result} : (Object[]) result;
            for (int i = 0; i < days.size(); i++) {
                rows.get(days.get(i)).put(PEOPLE_SERVED, ((Number) sums[i]).longValue());
            }
        }
    }

    private static LocalDate day(Object sqlDay) {
        return sqlDay instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) sqlDay;
    }

    /** {@code day,<columns>} with CRLF lines; an unknown average is an empty cell. */
    static void csv(Daily daily, Writer out) throws IOException {
        out.write("day," + String.join(",", daily.columns()) + "\r\n");
        for (Map<String, Object> row : daily.items()) {
            StringBuilder line = new StringBuilder(row.get("day").toString());
            for (String c : daily.columns()) {
                Object v = row.get(c);
                line.append(',').append(v == null ? "" : v.toString());
            }
            out.write(line.append("\r\n").toString());
        }
    }
}
