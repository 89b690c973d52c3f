package dev.zhijia.contest;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RowLocks;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.Audience;
import dev.zhijia.member.AudienceRule;
import dev.zhijia.member.Eligibility;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Contests (admin) and what members see of them. A contest belongs to an org ({@code org_id}); an admin lists,
 * reads and fills only their subtree's. Members see the contests whose audience includes them.
 */
@ApplicationScoped
public class Contests {

    static final String TABLE = "contest";
    /** How long a closed contest stays in members' lists (its leaderboard and prizes stay readable by id). */
    private static final Duration LISTED_AFTER_CLOSE = Duration.ofDays(30);

    private final EntityManager em;
    private final ShiftableClock clock;
    private final Orgs orgs;
    private final QuestionBank bank;
    private final Eligibility eligibility;

    Contests(EntityManager em, ShiftableClock clock, Orgs orgs, QuestionBank bank, Eligibility eligibility) {
        this.em = em;
        this.clock = clock;
        this.orgs = orgs;
        this.bank = bank;
        this.eligibility = eligibility;
    }

    @Transactional
    public ContestView create(Scope scope, ContestRequest r, long staffId) {
        Instant now = clock.instant();
        Instant opens = r.opensAt().toInstant();
        Instant closes = r.closesAt().toInstant();
        if (!closes.isAfter(opens)) {
            throw ProblemException.invalid("closesAt", "must be after opensAt");
        }
        if (!closes.isAfter(now)) {
            throw ProblemException.invalid("closesAt", "must be in the future");
        }
        Contest c = new Contest();
        c.orgId = orgs.owner(scope, r.orgId());
        Audience audience = AudienceRule.audience(r.audience());
        orgs.requireAudience(scope, audience.orgIds());
        c.audienceTags = audience.joinedTags();
        c.audienceOrgs = audience.joinedOrgs();
        c.title = r.title().strip();
        c.description = r.description() == null ? "" : r.description().strip();
        c.opensAt = opens;
        c.closesAt = closes;
        c.questionsPerAttempt = r.questionsPerAttempt();
        c.secondsPerAttempt = r.secondsPerAttempt();
        c.attemptsPerMember = r.attemptsPerMember();
        c.createdBy = staffId;
        c.createdAt = now;
        c.persistAndFlush();
        List<ContestRequest.Tier> tiers = r.prizes() == null ? List.of() : r.prizes();
        for (int i = 0; i < tiers.size(); i++) {
            em.createNativeQuery(
                            "INSERT INTO contest_prize_tier (contest_id, position, tier, count) VALUES (?1, ?2, ?3, ?4)")
                    .setParameter(1, c.id)
                    .setParameter(2, i + 1)
                    .setParameter(3, tiers.get(i).tier().strip())
                    .setParameter(4, tiers.get(i).count())
                    .executeUpdate();
        }
        if (r.questions() != null && !r.questions().isEmpty()) {
            bank.add(c, r.questions(), "questions");
        }
        return adminView(c);
    }

    /** Questions from a CSV upload, added to the bank of a contest that has not opened. */
    @Transactional
    public ContestView addQuestions(Scope scope, long id, InputStream csv) {
        Contest c = RowLocks.find(em, Contest.class, TABLE, id, LockModeType.PESSIMISTIC_WRITE);
        scope.visible(c, c == null ? null : c.orgId, () -> notFound(id));
        if (c.opened(clock.instant())) {
            throw ProblemException.conflict(
                    ContestErrors.CONTEST_ALREADY_OPEN, "The contest has opened: its questions are fixed");
        }
        List<ContestRequest.Question> parsed = bank.parseCsv(csv);
        bank.add(c, parsed, "csv");
        return adminView(c);
    }

    /** The scope's contests, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ContestView> adminList(Scope scope, int limit, long before) {
        List<Contest> rows = em.createQuery(
                        "from Contest c where c.id < ?1 and " + scope.where("c.orgId") + " order by c.id desc",
                        Contest.class)
                .setParameter(1, before)
                .setMaxResults(limit + 1)
                .getResultList();
        return Page.of(rows.stream().map(this::adminView).toList(), limit, ContestView::id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ContestView adminDetail(Scope scope, long id) {
        return adminView(visible(scope, id));
    }

    /** The contest if it is the scope's; otherwise 404 as if it did not exist. */
    static Contest visible(Scope scope, long id) {
        Contest c = Contest.findById(id);
        return scope.visible(c, c == null ? null : c.orgId, () -> notFound(id));
    }

    /** Contests open, coming or closed within the last 30 days whose audience includes the member, soonest closing first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ContestView> forMember(long memberId) {
        Eligibility.Profile p = eligibility.of(memberId);
        Instant now = clock.instant();
        List<Contest> rows = em.createQuery(
                        "from Contest c where c.closesAt > ?1 order by c.closesAt, c.id", Contest.class)
                .setParameter(1, now.minus(LISTED_AFTER_CLOSE))
                .setMaxResults(200)
                .getResultList();
        List<ContestView> out = new ArrayList<>();
        for (Contest c : rows) {
            if (c.audience().includes(p)) {
                out.add(memberView(c, memberId));
            }
        }
        return out;
    }

    /** One contest for a member of its audience (403 NOT_IN_AUDIENCE otherwise). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ContestView forMember(long memberId, long id) {
        Contest c = requireAudience(memberId, id);
        return memberView(c, memberId);
    }

    /** The contest, if the member is in its audience: 404 unknown, 403 NOT_VERIFIED / NOT_IN_AUDIENCE. */
    Contest requireAudience(long memberId, long id) {
        Contest c = bank.get(id).contest();
        Eligibility.Profile p = eligibility.of(memberId).requireVerified();
        if (!c.audience().includes(p)) {
            throw ProblemException.forbidden(
                    ContestErrors.NOT_IN_AUDIENCE, "This contest is for other groups of members");
        }
        return c;
    }

    String status(Contest c, Instant now) {
        if (!c.opened(now)) {
            return ContestView.UPCOMING;
        }
        if (!c.closed(now)) {
            return ContestView.OPEN;
        }
        // an open contest is kept in memory (QuestionBank) from before its award: ask MySQL once it has closed
        return c.awardedAt != null || awarded(c.id) ? ContestView.AWARDED : ContestView.CLOSED;
    }

    private boolean awarded(long id) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery(
                                                "SELECT COUNT(*) FROM contest WHERE id = ?1 AND awarded_at IS NOT NULL")
                                        .setParameter(1, id)
                                        .getSingleResult())
                                .intValue()
                        == 1);
    }

    @SuppressWarnings("unchecked")
    private ContestView memberView(Contest c, long memberId) {
        Instant now = clock.instant();
        List<Object[]> attempts = em.createNativeQuery(
                        "SELECT id, answered_at IS NULL AND deadline > ?3 FROM contest_attempt"
                                + " WHERE contest_id = ?1 AND member_id = ?2 ORDER BY id")
                .setParameter(1, c.id)
                .setParameter(2, memberId)
                .setParameter(3, now)
                .getResultList();
        Long open = null;
        for (Object[] a : attempts) {
            if (((Number) a[1]).intValue() == 1) {
                open = ((Number) a[0]).longValue();
            }
        }
        List<Object[]> best = em.createNativeQuery(
                        "SELECT score, millis FROM contest_best WHERE contest_id = ?1 AND member_id = ?2")
                .setParameter(1, c.id)
                .setParameter(2, memberId)
                .getResultList();
        ContestView.Mine mine = new ContestView.Mine(
                attempts.size(),
                Math.max(0, c.attemptsPerMember - attempts.size()),
                best.isEmpty() ? null : ((Number) best.get(0)[0]).intValue(),
                best.isEmpty() ? null : ((Number) best.get(0)[1]).intValue(),
                open);
        return view(c, mine, false);
    }

    private ContestView adminView(Contest c) {
        return view(c, null, true);
    }

    private ContestView view(Contest c, ContestView.Mine mine, boolean admin) {
        Integer questionCount = admin
                ? ((Number) em.createNativeQuery("SELECT COUNT(*) FROM contest_question WHERE contest_id = ?1")
                                .setParameter(1, c.id)
                                .getSingleResult())
                        .intValue()
                : null;
        return new ContestView(
                c.id,
                c.title,
                c.description,
                clock.at(c.opensAt),
                clock.at(c.closesAt),
                status(c, clock.instant()),
                c.questionsPerAttempt,
                c.secondsPerAttempt,
                c.attemptsPerMember,
                tiers(c.id),
                mine,
                admin ? c.orgId : null,
                admin ? c.audience() : null,
                questionCount);
    }

    @SuppressWarnings("unchecked")
    List<ContestRequest.Tier> tiers(long contestId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT tier, count FROM contest_prize_tier WHERE contest_id = ?1 ORDER BY position")
                .setParameter(1, contestId)
                .getResultList();
        return rows.stream()
                .map(r -> new ContestRequest.Tier((String) r[0], ((Number) r[1]).intValue()))
                .toList();
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound(ContestErrors.CONTEST_NOT_FOUND, "No contest " + id);
    }
}
