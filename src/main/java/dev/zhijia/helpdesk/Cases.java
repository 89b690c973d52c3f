package dev.zhijia.helpdesk;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.CommonErrors;
import dev.zhijia.common.Masking;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.member.MemberService;
import dev.zhijia.org.Scope;
import dev.zhijia.staff.StaffAccount;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Help-desk cases. Who may learn that a case exists is decided in one place, {@link #visible}: its member, its
 * assigned caseworker, and admins whose subtree holds its org; for everyone else it answers 404 as for an unknown
 * id. Every move of the status is a guarded {@code UPDATE … WHERE status = <from>}: of two racing moves one wins
 * and the other gets 409 {@code CASE_TRANSITION_INVALID}. Every move, assignment, message and rating is one
 * {@code help_case_event} row (the timeline), and the member hears of each ({@link CaseNotices}).
 */
@ApplicationScoped
public class Cases {

    static final String MESSAGE = "MESSAGE";
    static final String ASSIGNED = "ASSIGNED";
    static final String RATED = "RATED";
    static final int MAX_ATTACHMENTS = 9;

    @RegisterForReflection
    public record Filed(long caseId, String number, String status) {}

    @RegisterForReflection
    public record Summary(
            long caseId,
            String number,
            String status,
            String statusLabel,
            String category,
            String categoryLabel,
            String title,
            boolean overdue,
            Long caseworkerId,
            String caseworkerName,
            String orgId,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    @RegisterForReflection
    public record TimelineEntry(OffsetDateTime at, String actor, String actorName, String action, String note) {}

    @RegisterForReflection
    public record Message(
            long messageId,
            OffsetDateTime at,
            String author,
            String authorName,
            boolean mine,
            String text,
            List<Attachments.Meta> attachments) {}

    @RegisterForReflection
    public record Detail(
            long caseId,
            String number,
            String status,
            String statusLabel,
            String category,
            String categoryLabel,
            String title,
            String description,
            String contactPhone,
            String memberName,
            String orgId,
            Long caseworkerId,
            String caseworkerName,
            boolean overdue,
            OffsetDateTime createdAt,
            OffsetDateTime acceptedAt,
            OffsetDateTime resolvedAt,
            OffsetDateTime closedAt,
            Integer rating,
            String ratingComment,
            List<String> allowedTransitions,
            List<Attachments.Meta> attachments,
            List<TimelineEntry> timeline,
            List<Message> messages) {}

    /** A caseworker's home page: their open cases, and how many of those wait for their answer. */
    @RegisterForReflection
    public record Workload(long open, long waiting) {}

    private final EntityManager em;
    private final ShiftableClock clock;
    private final MemberService members;
    private final Attachments attachments;
    private final CaseNotices notices;
    private final HelpdeskConfig config;

    Cases(
            EntityManager em,
            ShiftableClock clock,
            MemberService members,
            Attachments attachments,
            CaseNotices notices,
            HelpdeskConfig config) {
        this.em = em;
        this.clock = clock;
        this.members = members;
        this.attachments = attachments;
        this.notices = notices;
        this.config = config;
    }

    /** A verified member files a case; the number is {@code ZJ-<year>-<id>}, unique by construction. */
    @Transactional
    public Filed file(
            CaseViewer.Who who,
            CaseCategory category,
            String title,
            String description,
            String contactPhone,
            List<Long> attachmentIds) {
        members.requireVerified(who.id());
        String org = members.profile(who.id()).orgId();
        Instant now = clock.instant();
        HelpCase c = new HelpCase();
        c.memberId = who.id();
        c.orgId = org == null ? Scope.ROOT : org;
        c.category = category;
        c.title = title.strip();
        c.description = description.strip();
        c.contactPhone = contactPhone.strip();
        c.status = CaseStatus.SUBMITTED;
        c.createdAt = now;
        c.createdMonth = clock.dayOf(now).withDayOfMonth(1);
        c.updatedAt = now;
        c.persistAndFlush();
        c.number = String.format("ZJ-%d-%06d", clock.dayOf(now).getYear(), c.id);
        attachments.take(who.subject(), c.id, null, attachmentIds);
        event(c.id, who, CaseStatus.SUBMITTED.name(), null, now);
        notices.tell(c, CaseStatus.SUBMITTED.name(), null, true);
        notices.toAdmins(c, CaseStatus.SUBMITTED.name());
        return new Filed(c.id, c.number, c.status.name());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Summary> mine(long memberId, int limit, long before) {
        return page("c.member_id = ?1", limit, before, memberId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Summary> assigned(long caseworkerId, CaseStatus status, int limit, long before) {
        return status == null
                ? page("c.caseworker_id = ?1", limit, before, caseworkerId)
                : page("c.caseworker_id = ?1 AND c.status = ?2", limit, before, caseworkerId, status.name());
    }

    /** An admin's list of their subtree's cases; {@code overdue} keeps only SUBMITTED cases past the limit. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Summary> forAdmin(
            Scope scope, CaseStatus status, CaseCategory category, boolean overdue, int limit, long before) {
        StringBuilder where = new StringBuilder(scope.where("c.org_id"));
        List<Object> params = new ArrayList<>();
        if (status != null) {
            params.add(status.name());
            where.append(" AND c.status = ?").append(params.size());
        }
        if (category != null) {
            params.add(category.name());
            where.append(" AND c.category = ?").append(params.size());
        }
        if (overdue) {
            params.add(overdueBefore());
            where.append(" AND c.status = 'SUBMITTED' AND c.created_at < ?").append(params.size());
        }
        return page(where.toString(), limit, before, params.toArray());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Workload workload(long caseworkerId) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT COUNT(*), COALESCE(SUM((SELECT e.actor_role FROM"
                        + " help_case_event e WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1) = 'member'), 0)"
                        + " FROM help_case c WHERE c.caseworker_id = ?1 AND c.status IN ('ACCEPTED', 'IN_PROGRESS')")
                .setParameter(1, caseworkerId)
                .getSingleResult();
        return new Workload(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Detail detail(CaseViewer.Who who, long caseId) {
        return detail(who, visible(who, caseId));
    }

    /** The file, if the caller may see the case and the file is the case's (404 otherwise). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Attachments.Meta attachment(CaseViewer.Who who, long caseId, long attachmentId) {
        visible(who, caseId);
        return attachments.ofCase(caseId, attachmentId);
    }

    /**
     * {@code POST /cases/{id}/transitions}. The owner may withdraw or close; the assigned caseworker and admins move
     * it through the work (403 {@code CASE_TRANSITION_FORBIDDEN} otherwise); a move the current state does not allow,
     * or one that lost a race, is 409 {@code CASE_TRANSITION_INVALID}.
     */
    @Transactional
    public Detail transition(CaseViewer.Who who, long caseId, CaseStatus to, String note) {
        HelpCase c = visible(who, caseId);
        boolean allowed = who.member() ? to.byOwner() : to.byStaff();
        if (!allowed) {
            throw ProblemException.forbidden(
                    HelpdeskErrors.CASE_TRANSITION_FORBIDDEN, "You may not move this case to " + to);
        }
        String cleanNote = clean(note);
        Instant now = clock.instant();
        move(c, to, now);
        event(c.id, who, to.name(), cleanNote, now);
        notices.tell(c, to.name(), cleanNote, true);
        return detail(who, c);
    }

    /**
     * An admin gives a SUBMITTED case to a caseworker of their subtree (it becomes ACCEPTED), or hands an ACCEPTED or
     * IN_PROGRESS one to another; the previous caseworker loses sight of it at once.
     */
    @Transactional
    public Detail assign(CaseViewer.Who admin, long caseId, long caseworkerId) {
        HelpCase c = visible(admin, caseId);
        StaffAccount worker = StaffAccount.findById(caseworkerId);
        if (worker == null
                || worker.role != StaffAccount.Role.CASEWORKER
                || worker.disabledAt != null
                || !admin.scope().covers(worker.orgId)) {
            throw ProblemException.notFound(
                    HelpdeskErrors.CASEWORKER_NOT_FOUND, "No caseworker " + caseworkerId + " in your organisation");
        }
        Instant now = clock.instant();
        if (c.status == CaseStatus.SUBMITTED) {
            int moved = em.createNativeQuery("UPDATE help_case SET status = 'ACCEPTED', caseworker_id = ?1,"
                            + " accepted_at = ?2, updated_at = ?2,"
                            + " overdue_at = CASE WHEN created_at < ?3 THEN COALESCE(overdue_at, ?2) ELSE overdue_at END"
                            + " WHERE id = ?4 AND status = 'SUBMITTED'")
                    .setParameter(1, caseworkerId)
                    .setParameter(2, now)
                    .setParameter(3, now.minus(config.overdueAfter()))
                    .setParameter(4, caseId)
                    .executeUpdate();
            if (moved == 0) {
                throw raced(c);
            }
            em.refresh(c);
            event(c.id, admin, CaseStatus.ACCEPTED.name(), worker.displayName, now);
            notices.tell(c, CaseStatus.ACCEPTED.name(), "由" + worker.displayName + "负责", true);
        } else if (c.status == CaseStatus.ACCEPTED || c.status == CaseStatus.IN_PROGRESS) {
            if (c.caseworkerId != null && c.caseworkerId == caseworkerId) {
                return detail(admin, c);
            }
            Long previous = c.caseworkerId;
            int moved = em.createNativeQuery("UPDATE help_case SET caseworker_id = ?1, updated_at = ?2"
                            + " WHERE id = ?3 AND status = ?4 AND caseworker_id <=> ?5")
                    .setParameter(1, caseworkerId)
                    .setParameter(2, now)
                    .setParameter(3, caseId)
                    .setParameter(4, c.status.name())
                    .setParameter(5, c.caseworkerId)
                    .executeUpdate();
            if (moved == 0) {
                throw raced(c);
            }
            em.refresh(c);
            event(c.id, admin, ASSIGNED, worker.displayName, now);
            notices.tell(c, ASSIGNED, "改由" + worker.displayName + "负责", true);
            if (previous != null) {
                notices.unassigned(c, previous);
            }
        } else {
            throw invalid(c.status, CaseStatus.ACCEPTED);
        }
        return detail(admin, c);
    }

    /** A message from the owner or the assigned caseworker (admins read, they do not talk in cases). */
    @Transactional
    public Message message(CaseViewer.Who who, long caseId, String text, List<Long> attachmentIds) {
        HelpCase c = visible(who, caseId);
        if (!who.member() && !who.caseworker()) {
            throw ProblemException.forbidden(
                    CommonErrors.FORBIDDEN, "Only the member and the assigned caseworker write in a case");
        }
        if (c.status.finished()) {
            throw ProblemException.conflict(
                    HelpdeskErrors.CASE_CLOSED, "The case is " + c.status + ": no more messages");
        }
        Instant now = clock.instant();
        em.createNativeQuery(
                        "INSERT INTO help_case_message (case_id, author, author_role, author_name, text, created_at)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, caseId)
                .setParameter(2, who.subject())
                .setParameter(3, who.role())
                .setParameter(4, who.name())
                .setParameter(5, text.strip())
                .setParameter(6, now)
                .executeUpdate();
        long messageId =
                ((Number) em.createNativeQuery("SELECT LAST_INSERT_ID()").getSingleResult()).longValue();
        attachments.take(who.subject(), caseId, messageId, attachmentIds);
        event(caseId, who, MESSAGE, null, now);
        notices.tell(c, MESSAGE, who.member() ? null : text.strip(), !who.member());
        List<Attachments.Meta> files = attachments.ofCase(caseId).stream()
                .filter(m -> m.messageId() != null && m.messageId() == messageId)
                .toList();
        return new Message(messageId, clock.at(now), who.role(), who.name(), true, text.strip(), files);
    }

    /** The owner rates a resolved case once (also after it closed). */
    @Transactional
    public Detail rate(CaseViewer.Who who, long caseId, int score, String comment) {
        HelpCase c = visible(who, caseId);
        if (!who.member()) {
            throw ProblemException.forbidden(CommonErrors.FORBIDDEN, "Only the member rates their case");
        }
        Instant now = clock.instant();
        int rated = em.createNativeQuery("UPDATE help_case SET rating = ?1, rating_comment = ?2, rated_at = ?3"
                        + " WHERE id = ?4 AND rating IS NULL AND resolved_at IS NOT NULL"
                        + " AND status IN ('RESOLVED', 'CLOSED')")
                .setParameter(1, score)
                .setParameter(2, clean(comment))
                .setParameter(3, now)
                .setParameter(4, caseId)
                .executeUpdate();
        if (rated == 0) {
            em.refresh(c);
            if (c.rating != null) {
                throw ProblemException.conflict(HelpdeskErrors.ALREADY_RATED, "This case is already rated");
            }
            throw ProblemException.conflict(HelpdeskErrors.CASE_NOT_RATABLE, "A case can be rated once it is resolved");
        }
        em.refresh(c);
        event(caseId, who, RATED, score + "★" + (clean(comment) == null ? "" : " " + clean(comment)), now);
        notices.toCaseworker(c, RATED);
        return detail(who, c);
    }

    /** The sweep's auto-close: a guarded move to CLOSED by the system, told to the member. False if it moved meanwhile. */
    @Transactional
    boolean closeBySystem(long caseId, CaseStatus from) {
        HelpCase c = HelpCase.findById(caseId);
        if (c == null || c.status != from) {
            return false;
        }
        Instant now = clock.instant();
        if (!guardedMove(caseId, from, CaseStatus.CLOSED, now)) {
            return false;
        }
        em.refresh(c);
        event(caseId, CaseViewer.SYSTEM, CaseStatus.CLOSED.name(), "自动结案", now);
        notices.tell(c, CaseStatus.CLOSED.name(), "自动结案", true);
        return true;
    }

    /**
     * The sweep's overdue mark on one SUBMITTED case past the limit, told to the admins over its org; false if it is
     * marked already (another replica's sweep) or moved on meanwhile.
     */
    @Transactional
    boolean markOverdue(long caseId, Instant now) {
        int marked = em.createNativeQuery("UPDATE help_case SET overdue_at = ?1 WHERE id = ?2"
                        + " AND status = 'SUBMITTED' AND overdue_at IS NULL AND created_at < ?3")
                .setParameter(1, now)
                .setParameter(2, caseId)
                .setParameter(3, now.minus(config.overdueAfter()))
                .executeUpdate();
        if (marked == 0) {
            return false;
        }
        HelpCase c = HelpCase.findById(caseId);
        notices.toAdmins(c, CaseNotices.OVERDUE);
        return true;
    }

    Instant overdueBefore() {
        return clock.instant().minus(config.overdueAfter());
    }

    /** The case, if this caller may know it exists; 404 {@code CASE_NOT_FOUND} otherwise, exactly as for no case. */
    HelpCase visible(CaseViewer.Who who, long caseId) {
        HelpCase c = HelpCase.findById(caseId);
        boolean sees = c != null
                && switch (who.kind()) {
                    case MEMBER -> c.memberId == who.id();
                    case CASEWORKER -> c.caseworkerId != null && c.caseworkerId == who.id();
                    case ADMIN -> who.scope().covers(c.orgId);
                    case NOBODY -> false;
                };
        if (!sees) {
            throw ProblemException.notFound(HelpdeskErrors.CASE_NOT_FOUND, "No case " + caseId);
        }
        return c;
    }

    private void move(HelpCase c, CaseStatus to, Instant now) {
        CaseStatus from = c.status;
        if (!to.from().contains(from)) {
            throw invalid(from, to);
        }
        if (!guardedMove(c.id, from, to, now)) {
            throw raced(c);
        }
        em.refresh(c);
    }

    private boolean guardedMove(long caseId, CaseStatus from, CaseStatus to, Instant now) {
        return em.createNativeQuery("UPDATE help_case SET status = ?1, updated_at = ?2,"
                                + " resolved_at = CASE WHEN ?1 = 'RESOLVED' THEN ?2 ELSE resolved_at END,"
                                + " resolved_month = CASE WHEN ?1 = 'RESOLVED' THEN ?3 ELSE resolved_month END,"
                                + " closed_at = CASE WHEN ?1 IN ('CLOSED', 'WITHDRAWN') THEN ?2 ELSE closed_at END"
                                + " WHERE id = ?4 AND status = ?5")
                        .setParameter(1, to.name())
                        .setParameter(2, now)
                        .setParameter(3, clock.dayOf(now).withDayOfMonth(1))
                        .setParameter(4, caseId)
                        .setParameter(5, from.name())
                        .executeUpdate()
                == 1;
    }

    /** Lost a race: someone else moved it first; the answer says where it is now. */
    private ProblemException raced(HelpCase c) {
        em.refresh(c);
        return ProblemException.conflict(
                        HelpdeskErrors.CASE_TRANSITION_INVALID, "The case was moved meanwhile; it is now " + c.status)
                .with("status", c.status.name());
    }

    private static ProblemException invalid(CaseStatus from, CaseStatus to) {
        return ProblemException.conflict(
                        HelpdeskErrors.CASE_TRANSITION_INVALID, "A case that is " + from + " cannot become " + to)
                .with("status", from.name());
    }

    private void event(long caseId, CaseViewer.Who who, String action, String note, Instant at) {
        em.createNativeQuery("INSERT INTO help_case_event (case_id, actor, actor_role, actor_name, action, note,"
                        + " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, caseId)
                .setParameter(2, who == CaseViewer.SYSTEM ? "system" : who.subject())
                .setParameter(3, who == CaseViewer.SYSTEM ? "system" : who.role())
                .setParameter(4, who.name())
                .setParameter(5, action)
                .setParameter(6, note)
                .setParameter(7, at)
                .executeUpdate();
    }

    private Detail detail(CaseViewer.Who who, HelpCase c) {
        List<TimelineEntry> timeline = new ArrayList<>();
        for (Object row : em.createNativeQuery("SELECT created_at, actor_role, actor_name, action, note"
                        + " FROM help_case_event WHERE case_id = ?1 ORDER BY id")
                .setParameter(1, c.id)
                .getResultList()) {
            Object[] r = (Object[]) row;
            timeline.add(new TimelineEntry(
                    clock.at(SqlTimes.instant(r[0])), (String) r[1], (String) r[2], (String) r[3], (String) r[4]));
        }
        List<Attachments.Meta> files = attachments.ofCase(c.id);
        Map<Long, List<Attachments.Meta>> byMessage = files.stream()
                .filter(m -> m.messageId() != null)
                .collect(Collectors.groupingBy(Attachments.Meta::messageId));
        List<Message> messages = new ArrayList<>();
        for (Object row : em.createNativeQuery("SELECT id, created_at, author, author_role, author_name, text"
                        + " FROM help_case_message WHERE case_id = ?1 ORDER BY id")
                .setParameter(1, c.id)
                .getResultList()) {
            Object[] r = (Object[]) row;
            long id = ((Number) r[0]).longValue();
            messages.add(new Message(
                    id,
                    clock.at(SqlTimes.instant(r[1])),
                    (String) r[3],
                    (String) r[4],
                    who.subject().equals(r[2]),
                    (String) r[5],
                    byMessage.getOrDefault(id, List.of())));
        }
        String memberName = who.member() ? null : Masking.name(rosterName(c.memberId));
        return new Detail(
                c.id,
                c.number,
                c.status.name(),
                c.status.label,
                c.category.name(),
                c.category.label,
                c.title,
                c.description,
                c.contactPhone,
                memberName,
                c.orgId,
                c.caseworkerId,
                caseworkerName(c.caseworkerId),
                overdue(c.status, c.createdAt),
                at(c.createdAt),
                at(c.acceptedAt),
                at(c.resolvedAt),
                at(c.closedAt),
                c.rating,
                c.ratingComment,
                allowed(who, c),
                files.stream().filter(m -> m.messageId() == null).toList(),
                timeline,
                messages);
    }

    /** What this caller could move the case to now (the client shows these buttons). */
    private static List<String> allowed(CaseViewer.Who who, HelpCase c) {
        List<String> out = new ArrayList<>();
        for (CaseStatus to : CaseStatus.values()) {
            boolean byCaller = who.member() ? to.byOwner() : to.byStaff();
            if (byCaller && to.from().contains(c.status)) {
                out.add(to.name());
            }
        }
        return out;
    }

    /** Newest first; {@code where} uses ?1..?n for {@code params}, the cursor is bound after them. */
    private Page<Summary> page(String where, int limit, long before, Object... params) {
        var query = em.createNativeQuery("SELECT c.id, c.number, c.status, c.category, c.title, c.created_at,"
                + " c.updated_at, c.caseworker_id, s.display_name, c.org_id FROM help_case c"
                + " LEFT JOIN staff_account s ON s.id = c.caseworker_id WHERE " + where
                + " AND c.id < ?" + (params.length + 1) + " ORDER BY c.id DESC LIMIT " + (limit + 1));
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        query.setParameter(params.length + 1, before);
        List<Summary> rows = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            CaseStatus status = CaseStatus.valueOf((String) r[2]);
            CaseCategory category = CaseCategory.valueOf((String) r[3]);
            Instant created = SqlTimes.instant(r[5]);
            rows.add(new Summary(
                    ((Number) r[0]).longValue(),
                    (String) r[1],
                    status.name(),
                    status.label,
                    category.name(),
                    category.label,
                    (String) r[4],
                    overdue(status, created),
                    r[7] == null ? null : ((Number) r[7]).longValue(),
                    (String) r[8],
                    (String) r[9],
                    clock.at(created),
                    clock.at(SqlTimes.instant(r[6]))));
        }
        return Page.of(rows, limit, Summary::caseId);
    }

    private boolean overdue(CaseStatus status, Instant createdAt) {
        return status == CaseStatus.SUBMITTED && createdAt.isBefore(overdueBefore());
    }

    private String rosterName(long memberId) {
        List<?> names = em.createNativeQuery(
                        "SELECT e.name FROM member m JOIN roster_entry e ON e.id = m.roster_id WHERE m.id = ?1")
                .setParameter(1, memberId)
                .getResultList();
        return names.isEmpty() ? "会员" : (String) names.get(0);
    }

    private static String caseworkerName(Long id) {
        if (id == null) {
            return null;
        }
        StaffAccount s = StaffAccount.findById(id);
        return s == null ? null : s.displayName;
    }

    private OffsetDateTime at(Instant instant) {
        return instant == null ? null : clock.at(instant);
    }

    private static String clean(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
