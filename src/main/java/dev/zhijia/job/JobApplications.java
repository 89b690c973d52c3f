package dev.zhijia.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import dev.zhijia.common.DuplicateKey;
import dev.zhijia.common.Masking;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.member.MemberService;
import dev.zhijia.org.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One-tap applications and the admin pipeline. "Once per member per job" is the unique key
 * {@code uk_job_application_once}; "open" is a guarded update of the post's row in the same transaction
 * (status OPEN and before closesAt), and a hire takes a seat with {@code hired_count < headcount}, so the
 * last seat cannot be given twice. Every move is a guarded update from the steps it may come from: of two
 * admins racing, one moves it and the other is told it moved.
 */
@ApplicationScoped
public class JobApplications {

    /** What the applicant sees. */
    @RegisterForReflection
    public record Mine(
            long applicationId,
            long jobId,
            String title,
            String employer,
            String status,
            String statusLabel,
            String statusNote,
            String note,
            boolean jobOpen,
            OffsetDateTime appliedAt,
            OffsetDateTime updatedAt) {}

    /**
     * What admins see: the applicant's roster name and phone in full — applying is how a member hands them to the
     * employer — and masked ({@code 张*}, {@code 138****5678}) once the member withdrew.
     */
    @RegisterForReflection
    public record Applicant(
            long applicationId,
            long jobId,
            long memberId,
            String name,
            String phone,
            String note,
            String status,
            String statusNote,
            OffsetDateTime appliedAt,
            OffsetDateTime updatedAt) {}

    private static final String MINE =
            "SELECT a.id, a.job_id, j.title, j.employer, a.status, a.status_note, a.note, j.status, j.closes_at,"
                    + " j.hired_count, j.headcount, a.created_at, a.updated_at FROM job_application a JOIN job_post j ON j.id = a.job_id";
    private static final String APPLICANT =
            "SELECT a.id, a.job_id, a.member_id, e.name, e.phone, a.note, a.status, a.status_note,"
                    + " a.created_at, a.updated_at FROM job_application a JOIN member m ON m.id = a.member_id"
                    + " LEFT JOIN roster_entry e ON e.id = m.roster_id";

    private final EntityManager em;
    private final ShiftableClock clock;
    private final MemberService members;
    private final Jobs jobs;
    private final JobNotices notices;

    JobApplications(EntityManager em, ShiftableClock clock, MemberService members, Jobs jobs, JobNotices notices) {
        this.em = em;
        this.clock = clock;
        this.members = members;
        this.jobs = jobs;
        this.notices = notices;
    }

    @Transactional
    public Mine apply(long jobId, long memberId, String note) {
        members.requireVerified(memberId);
        Long existing = existing(jobId, memberId);
        if (existing != null) {
            throw alreadyApplied(existing);
        }
        Instant now = clock.instant();
        // The post's row first: the insert below takes a shared lock on it for the foreign key.
        int open = em.createNativeQuery("UPDATE job_post SET application_count = application_count + 1"
                        + " WHERE id = ?1 AND status = 'OPEN' AND closes_at > ?2")
                .setParameter(1, jobId)
                .setParameter(2, now)
                .executeUpdate();
        if (open == 0) {
            JobPost p = jobs.require(jobId);
            throw JobPost.DELETED.equals(p.status) ? Jobs.notFound(jobId) : closed(jobId);
        }
        try {
            em.createNativeQuery(
                            "INSERT INTO job_application (job_id, member_id, note, status, created_at, applied_month, updated_at)"
                                    + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)")
                    .setParameter(1, jobId)
                    .setParameter(2, memberId)
                    .setParameter(3, note == null || note.isBlank() ? null : note.strip())
                    .setParameter(4, ApplicationStatus.APPLIED.name())
                    .setParameter(5, now)
                    .setParameter(6, clock.dayOf(now).withDayOfMonth(1))
                    .executeUpdate();
        } catch (PersistenceException e) {
            if (DuplicateKey.causes(e)) {
                // a double tap that raced past the check above; the count rolls back with this transaction
                throw alreadyApplied(QuarkusTransaction.requiringNew().call(() -> existing(jobId, memberId)));
            }
            throw e;
        }
        return mineOne(memberId, existing(jobId, memberId));
    }

    /** The member's applications, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Mine> mine(long memberId, int limit, long before) {
        List<Object[]> rows = rows(
                MINE + " WHERE a.member_id = ?1 AND a.id < ?2 ORDER BY a.id DESC LIMIT " + (limit + 1),
                memberId,
                before);
        return Page.of(rows.stream().map(this::mine).toList(), limit, Mine::applicationId);
    }

    @Transactional
    public Mine withdraw(long memberId, long applicationId) {
        Mine current = mineOne(memberId, applicationId);
        move(applicationId, ApplicationStatus.valueOf(current.status()), ApplicationStatus.WITHDRAWN, null);
        return mineOne(memberId, applicationId);
    }

    /** Applications to one post of the scope, newest first, optionally of one status. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Applicant> forJob(Scope scope, long jobId, ApplicationStatus status, int limit, long before) {
        jobs.require(scope, jobId);
        List<Object[]> rows = status == null
                ? rows(
                        APPLICANT + " WHERE a.job_id = ?1 AND a.id < ?2 ORDER BY a.id DESC LIMIT " + (limit + 1),
                        jobId,
                        before)
                : rows(
                        APPLICANT + " WHERE a.job_id = ?1 AND a.status = ?3 AND a.id < ?2 ORDER BY a.id DESC LIMIT "
                                + (limit + 1),
                        jobId,
                        before,
                        status.name());
        return Page.of(rows.stream().map(this::applicant).toList(), limit, Applicant::applicationId);
    }

    /**
     * An admin moves an application to a post of their scope (another's answers 404); the member is told. Setting the
     * status it already has changes nothing.
     */
    @Transactional
    public Applicant transition(Scope scope, long applicationId, ApplicationStatus to, String note) {
        if (!to.byAdmin()) {
            throw ProblemException.invalid("status", "must be VIEWED, INTERVIEW, HIRED or REJECTED");
        }
        Applicant current = applicantOne(applicationId);
        JobPost post = jobs.require(current.jobId());
        scope.visible(post, post.orgId, () -> notFound(applicationId));
        ApplicationStatus from = ApplicationStatus.valueOf(current.status());
        if (from == to) {
            return current;
        }
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        move(applicationId, from, to, cleanNote);
        notices.tell(new JobNotices.Moved(current.memberId(), applicationId, post.id, post.title, to, cleanNote));
        return applicantOne(applicationId);
    }

    /** A guarded move from {@code from}; a hire also takes one of the post's seats. */
    private void move(long applicationId, ApplicationStatus from, ApplicationStatus to, String note) {
        if (!to.from().contains(from)) {
            throw transitionInvalid(from, to);
        }
        Instant now = clock.instant();
        int moved = em.createNativeQuery(
                        "UPDATE job_application SET status = ?1, status_note = ?2, updated_at = ?3, hired_month = ?4"
                                + " WHERE id = ?5 AND status = ?6")
                .setParameter(1, to.name())
                .setParameter(2, note)
                .setParameter(3, now)
                .setParameter(
                        4, to == ApplicationStatus.HIRED ? clock.dayOf(now).withDayOfMonth(1) : null)
                .setParameter(5, applicationId)
                .setParameter(6, from.name())
                .executeUpdate();
        if (moved == 0) {
            // someone else moved it first: tell this caller where it is now
            throw transitionInvalid(
                    ApplicationStatus.valueOf(QuarkusTransaction.requiringNew()
                            .call(() ->
                                    (String) em.createNativeQuery("SELECT status FROM job_application WHERE id = ?1")
                                            .setParameter(1, applicationId)
                                            .getSingleResult())),
                    to);
        }
        if (to == ApplicationStatus.HIRED) {
            // status before hired_count: both engines then read the old count in the CASE
            int seat = em.createNativeQuery(
                            "UPDATE job_post SET status = CASE WHEN status = 'OPEN' AND hired_count + 1 >= headcount"
                                    + " THEN 'FILLED' ELSE status END, hired_count = hired_count + 1"
                                    + " WHERE id = (SELECT job_id FROM job_application WHERE id = ?1) AND hired_count < headcount")
                    .setParameter(1, applicationId)
                    .executeUpdate();
            if (seat == 0) {
                throw ProblemException.conflict(JobErrors.HEADCOUNT_FILLED, "Every seat of this post is already taken");
            }
            jobs.hired();
        }
    }

    private Long existing(long jobId, long memberId) {
        List<?> ids = em.createNativeQuery("SELECT id FROM job_application WHERE job_id = ?1 AND member_id = ?2")
                .setParameter(1, jobId)
                .setParameter(2, memberId)
                .getResultList();
        return ids.isEmpty() ? null : ((Number) ids.get(0)).longValue();
    }

    private Mine mineOne(long memberId, long applicationId) {
        List<Object[]> rows = rows(MINE + " WHERE a.id = ?1 AND a.member_id = ?2", applicationId, memberId);
        if (rows.isEmpty()) {
            throw notFound(applicationId);
        }
        return mine(rows.get(0));
    }

    private Applicant applicantOne(long applicationId) {
        List<Object[]> rows = rows(APPLICANT + " WHERE a.id = ?1", applicationId);
        if (rows.isEmpty()) {
            throw notFound(applicationId);
        }
        return applicant(rows.get(0));
    }

    private Mine mine(Object[] r) {
        ApplicationStatus status = ApplicationStatus.valueOf((String) r[4]);
        boolean jobOpen = JobPost.OPEN.equals(r[7])
                && SqlTimes.instant(r[8]).isAfter(clock.instant())
                && ((Number) r[9]).intValue() < ((Number) r[10]).intValue();
        return new Mine(
                ((Number) r[0]).longValue(),
                ((Number) r[1]).longValue(),
                (String) r[2],
                (String) r[3],
                status.name(),
                status.label,
                (String) r[5],
                (String) r[6],
                jobOpen,
                clock.at(SqlTimes.instant(r[11])),
                clock.at(SqlTimes.instant(r[12])));
    }

    private Applicant applicant(Object[] r) {
        String status = (String) r[6];
        boolean withdrawn = ApplicationStatus.WITHDRAWN.name().equals(status);
        String name = (String) r[3];
        String phone = (String) r[4];
        return new Applicant(
                ((Number) r[0]).longValue(),
                ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(),
                withdrawn ? Masking.name(name) : name,
                withdrawn ? Masking.phone(phone) : phone,
                (String) r[5],
                status,
                (String) r[7],
                clock.at(SqlTimes.instant(r[8])),
                clock.at(SqlTimes.instant(r[9])));
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return new ArrayList<>(q.getResultList());
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound(JobErrors.APPLICATION_NOT_FOUND, "No such job application " + id);
    }

    static ProblemException closed(long jobId) {
        return ProblemException.conflict(JobErrors.JOB_CLOSED, "Job post " + jobId + " no longer takes applications");
    }

    private static ProblemException alreadyApplied(Long applicationId) {
        return ProblemException.conflict(JobErrors.ALREADY_APPLIED, "You have already applied to this job")
                .with("applicationId", applicationId);
    }

    private static ProblemException transitionInvalid(ApplicationStatus from, ApplicationStatus to) {
        return ProblemException.conflict(
                        JobErrors.APPLICATION_TRANSITION_INVALID,
                        "An application that is " + from + " cannot become " + to)
                .with("status", from.name());
    }
}
