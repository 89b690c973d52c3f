package dev.zhijia.job;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.org.Scope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Posts, views, applications and hires per category and service-zone month. Each row counts by its own month
 * column (a post's creation, an application's, a hire's; views by the month they were flushed in), written
 * with the service zone's clock, so grouping needs no time-zone arithmetic in SQL. Only the posts of the admin's
 * subtree count.
 */
@ApplicationScoped
public class JobFigures {

    static final int MAX_MONTHS = 24;

    @RegisterForReflection
    public record Row(
            String month,
            String category,
            String categoryName,
            long posts,
            long views,
            long applications,
            long hires) {}

    @RegisterForReflection
    public record Report(String from, String to, List<Row> items, Row total) {}

    public record Range(YearMonth from, YearMonth to) {}

    private final EntityManager em;
    private final ShiftableClock clock;

    JobFigures(EntityManager em, ShiftableClock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** {@code 2026-07} to {@code 2026-12}, both included; by default the twelve months up to this one. */
    public Range range(String from, String to) {
        YearMonth end = to == null ? YearMonth.from(clock.today()) : month("to", to);
        YearMonth start = from == null ? end.minusMonths(11) : month("from", from);
        if (start.isAfter(end)) {
            throw ProblemException.invalid("from", "must not be after to");
        }
        if (start.plusMonths(MAX_MONTHS - 1).isBefore(end)) {
            throw ProblemException.invalid("from", "at most " + MAX_MONTHS + " months");
        }
        return new Range(start, end);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Report report(Scope scope, Range r) {
        String inScope = " AND " + scope.where("j.org_id");
        LocalDate from = r.from().atDay(1);
        LocalDate to = r.to().atDay(1);
        Map<String, long[]> cells = new TreeMap<>();
        add(
                cells,
                0,
                "SELECT j.created_month, j.category, COUNT(*) FROM job_post j WHERE j.created_month BETWEEN ?1 AND ?2"
                        + inScope + " GROUP BY j.created_month, j.category",
                from,
                to);
        add(
                cells,
                1,
                "SELECT v.month, j.category, SUM(v.views) FROM job_view_month v JOIN job_post j ON j.id = v.job_id"
                        + " WHERE v.month BETWEEN ?1 AND ?2" + inScope + " GROUP BY v.month, j.category",
                from,
                to);
        add(
                cells,
                2,
                "SELECT a.applied_month, j.category, COUNT(*) FROM job_application a JOIN job_post j ON j.id = a.job_id"
                        + " WHERE a.applied_month BETWEEN ?1 AND ?2" + inScope
                        + " GROUP BY a.applied_month, j.category",
                from,
                to);
        add(
                cells,
                3,
                "SELECT a.hired_month, j.category, COUNT(*) FROM job_application a JOIN job_post j ON j.id = a.job_id"
                        + " WHERE a.status = 'HIRED' AND a.hired_month BETWEEN ?1 AND ?2" + inScope
                        + " GROUP BY a.hired_month, j.category",
                from,
                to);
        Map<String, String> names = new TreeMap<>();
        for (Object row :
                em.createNativeQuery("SELECT code, name FROM job_category").getResultList()) {
            Object[] cols = (Object[]) row;
            names.put((String) cols[0], (String) cols[1]);
        }
        List<Row> items = new ArrayList<>();
        long[] total = new long[4];
        cells.forEach((key, c) -> {
            String category = key.substring(8);
            items.add(new Row(key.substring(0, 7), category, names.get(category), c[0], c[1], c[2], c[3]));
            for (int i = 0; i < 4; i++) {
                total[i] += c[i];
            }
        });
        return new Report(
                r.from().toString(),
                r.to().toString(),
                items,
                new Row(null, null, null, total[0], total[1], total[2], total[3]));
    }

    /** Adds one figure per (month, category) to the cells keyed {@code yyyy-MM category}. */
    private void add(Map<String, long[]> cells, int figure, String sql, LocalDate from, LocalDate to) {
        for (Object row : em.createNativeQuery(sql)
                .setParameter(1, from)
                .setParameter(2, to)
                .getResultList()) {
            Object[] cols = (Object[]) row;
            String month = YearMonth.from(toLocalDate(cols[0])).toString();
            cells.computeIfAbsent(month + " " + cols[1], k -> new long[4])[figure] += ((Number) cols[2]).longValue();
        }
    }

    private static LocalDate toLocalDate(Object column) {
        return column instanceof Date d ? d.toLocalDate() : (LocalDate) column;
    }

    private static YearMonth month(String field, String value) {
        try {
            return YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a month such as 2026-07");
        }
    }
}
