package dev.zhijia.audit;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.org.AdminScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /admin/audit?actor&action&from&to}: newest first, paged; from/to are service-zone dates, inclusive. An entry
 * belongs to its actor's org (the account's current one), so an admin sees what their subtree's accounts did.
 */
@Path("/admin/audit")
@RolesAllowed(Caller.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @RegisterForReflection
    public record Entry(
            long id,
            String actor,
            String actorRole,
            String action,
            String target,
            int status,
            String ip,
            OffsetDateTime createdAt) {}

    /** The org of an entry's actor: null for members and for accounts that no longer exist. */
    static final String ACTOR_ORG = "(SELECT sa.org_id FROM staff_account sa WHERE audit_log.actor LIKE 'staff:%'"
            + " AND sa.id = CAST(SUBSTRING(audit_log.actor, 7) AS UNSIGNED))";

    private final EntityManager em;
    private final ShiftableClock clock;
    private final AdminScope scope;

    AuditResource(EntityManager em, ShiftableClock clock, AdminScope scope) {
        this.scope = scope;
        this.em = em;
        this.clock = clock;
    }

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Entry> search(
            @QueryParam("actor") @Size(max = 40) String actor,
            @QueryParam("action") @Size(max = 120) String action,
            @QueryParam("from") LocalDate from,
            @QueryParam("to") LocalDate to,
            @Valid @BeanParam PageParams page) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, actor, actor_role, action, target, status, ip, created_at FROM audit_log WHERE id < ? AND "
                        + scope.get().where(ACTOR_ORG));
        List<Object> args = new ArrayList<>(List.of(page.before()));
        if (actor != null) {
            sql.append(" AND actor = ?");
            args.add(actor);
        }
        if (action != null) {
            sql.append(" AND action LIKE ?");
            args.add("%" + action.replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (from != null) {
            sql.append(" AND created_at >= ?");
            args.add(clock.startOf(from));
        }
        if (to != null) {
            sql.append(" AND created_at < ?");
            args.add(clock.startOf(to.plusDays(1)));
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(page.limit + 1);
        Query q = em.createNativeQuery(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            q.setParameter(i + 1, args.get(i));
        }
        List<Object[]> rows = q.getResultList();
        return Page.of(
                rows.stream()
                        .map(r -> new Entry(
                                ((Number) r[0]).longValue(),
                                (String) r[1],
                                (String) r[2],
                                (String) r[3],
                                (String) r[4],
                                ((Number) r[5]).intValue(),
                                (String) r[6],
                                clock.at(SqlTimes.instant(r[7]))))
                        .toList(),
                page.limit,
                Entry::id);
    }
}
