package dev.zhijia.helpdesk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.org.Scope;
import dev.zhijia.stats.Figures;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Cases of the admin's subtree per category over a range of service-zone days ({@link Figures#range}): opened
 * (filed in the range), resolved (resolved in it), overdue (filed in it and left unaccepted past the limit), the
 * median minutes from filing to acceptance (cases accepted in the range) and to resolution (resolved in it), and the
 * average rating (ratings given in it). Medians are computed here from the cases' own timestamps, so they are exact.
 */
@ApplicationScoped
public class HelpdeskFigures {

    @RegisterForReflection
    public record Row(
            String category,
            String categoryLabel,
            long opened,
            long resolved,
            long overdue,
            Long medianMinutesToAccept,
            Long medianMinutesToResolve,
            long ratings,
            Double avgRating) {}

    @RegisterForReflection
    public record Report(String from, String to, List<Row> items, Row total) {}

    private static final class Cell {
        long opened;
        long resolved;
        long overdue;
        long ratingSum;
        long ratings;
        final List<Long> toAccept = new ArrayList<>();
        final List<Long> toResolve = new ArrayList<>();

        Row row(CaseCategory category) {
            return new Row(
                    category == null ? null : category.name(),
                    category == null ? null : category.label,
                    opened,
                    resolved,
                    overdue,
                    median(toAccept),
                    median(toResolve),
                    ratings,
                    ratings == 0 ? null : Math.round(ratingSum * 100.0 / ratings) / 100.0);
        }

        void add(Cell other) {
            opened += other.opened;
            resolved += other.resolved;
            overdue += other.overdue;
            ratingSum += other.ratingSum;
            ratings += other.ratings;
            toAccept.addAll(other.toAccept);
            toResolve.addAll(other.toResolve);
        }
    }

    private final EntityManager em;
    private final ShiftableClock clock;
    private final HelpdeskConfig config;

    HelpdeskFigures(EntityManager em, ShiftableClock clock, HelpdeskConfig config) {
        this.em = em;
        this.clock = clock;
        this.config = config;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Report report(Scope scope, Figures.Range r) {
        Instant overdueBefore = clock.instant().minus(config.overdueAfter());
        Map<CaseCategory, Cell> cells = new EnumMap<>(CaseCategory.class);
        for (CaseCategory c : CaseCategory.values()) {
            cells.put(c, new Cell());
        }
        List<?> rows = em.createNativeQuery("SELECT category, status, created_at, accepted_at, resolved_at,"
                        + " overdue_at, rating, rated_at FROM help_case WHERE " + scope.where("org_id")
                        + " AND ((created_at >= ?1 AND created_at < ?2) OR (accepted_at >= ?1 AND accepted_at < ?2)"
                        + " OR (resolved_at >= ?1 AND resolved_at < ?2) OR (rated_at >= ?1 AND rated_at < ?2))")
                .setParameter(1, r.start())
                .setParameter(2, r.end())
                .getResultList();
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            Cell cell = cells.get(CaseCategory.valueOf((String) c[0]));
            String status = (String) c[1];
            Instant created = SqlTimes.instant(c[2]);
            Instant accepted = c[3] == null ? null : SqlTimes.instant(c[3]);
            Instant resolved = c[4] == null ? null : SqlTimes.instant(c[4]);
            Instant rated = c[7] == null ? null : SqlTimes.instant(c[7]);
            if (within(created, r)) {
                cell.opened++;
                if (c[5] != null || ("SUBMITTED".equals(status) && created.isBefore(overdueBefore))) {
                    cell.overdue++;
                }
            }
            if (accepted != null && within(accepted, r)) {
                cell.toAccept.add(Duration.between(created, accepted).toMinutes());
            }
            if (resolved != null && within(resolved, r)) {
                cell.resolved++;
                cell.toResolve.add(Duration.between(created, resolved).toMinutes());
            }
            if (rated != null && within(rated, r)) {
                cell.ratings++;
                cell.ratingSum += ((Number) c[6]).longValue();
            }
        }
        List<Row> items = new ArrayList<>();
        Cell total = new Cell();
        cells.forEach((category, cell) -> {
            items.add(cell.row(category));
            total.add(cell);
        });
        return new Report(r.from().toString(), r.to().toString(), items, total.row(null));
    }

    private static boolean within(Instant at, Figures.Range r) {
        return !at.isBefore(r.start()) && at.isBefore(r.end());
    }

    /** The median of whole minutes (the lower middle of an even count), null for none. */
    static Long median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }
}
