package dev.zhijia.helpdesk;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.ShiftableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * What happens to cases as time passes, on every replica (each step is a guarded update, so two replicas sweeping
 * at once do each thing once): SUBMITTED cases past {@code overdue-after} get their overdue mark (the admins over
 * each are told live); RESOLVED and
 * REJECTED cases past {@code auto-close-after} close (the member is told); uploads no case took are purged.
 */
@ApplicationScoped
public class HelpdeskSweeper {

    private static final Logger LOG = Logger.getLogger(HelpdeskSweeper.class);
    private static final int BATCH = 200;

    private final EntityManager em;
    private final Cases cases;
    private final Attachments attachments;
    private final HelpdeskConfig config;
    private final ShiftableClock clock;

    HelpdeskSweeper(
            EntityManager em, Cases cases, Attachments attachments, HelpdeskConfig config, ShiftableClock clock) {
        this.em = em;
        this.cases = cases;
        this.attachments = attachments;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(
            every = "${zhijia.helpdesk.sweep-every:1m}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            markOverdue();
            autoClose();
            attachments.purgeOrphans(BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("help-desk sweep failed (the next one retries): %s", e.getMessage());
        }
    }

    /**
     * Marks SUBMITTED cases past the limit overdue, each by its own guarded update so that the admins over each are
     * told once (live, {@link CaseNotices#OVERDUE}); returns how many this call marked.
     */
    public int markOverdue() {
        Instant now = clock.instant();
        List<Number> due = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery("SELECT id FROM help_case WHERE status = 'SUBMITTED'"
                                + " AND overdue_at IS NULL AND created_at < ?1 ORDER BY id LIMIT " + BATCH)
                        .setParameter(1, now.minus(config.overdueAfter()))
                        .getResultList());
        int marked = 0;
        for (Number id : due) {
            if (cases.markOverdue(id.longValue(), now)) {
                marked++;
            }
        }
        return marked;
    }

    /** Closes cases resolved or rejected longer ago than the limit; returns how many this call closed. */
    public int autoClose() {
        Instant before = clock.instant().minus(config.autoCloseAfter());
        List<Object[]> due = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery("SELECT id, status FROM help_case WHERE status IN ('RESOLVED',"
                                + " 'REJECTED') AND updated_at < ?1 ORDER BY id LIMIT " + BATCH)
                        .setParameter(1, before)
                        .getResultList());
        int closed = 0;
        for (Object[] row : due) {
            long id = ((Number) row[0]).longValue();
            CaseStatus from = CaseStatus.valueOf((String) row[1]);
            if (cases.closeBySystem(id, from)) {
                closed++;
            }
        }
        return closed;
    }
}
