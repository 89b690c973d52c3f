package dev.zhijia.contest;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.zhijia.common.DuplicateKey;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Timed attempts. Starting one takes the next {@code attempt_no} (unique per member and contest, so no member
 * gets more than {@code attemptsPerMember}) and a random seed that draws its questions ({@link ContestDraw}); the
 * deadline is the server's start time plus the time limit (never past the close). Answering scores it once: the
 * guarded {@code UPDATE ... WHERE answered_at IS NULL AND deadline >= now} lets exactly one answer through, however
 * many arrive at once and on whichever replica; a late one is refused. The member's best attempt is kept in
 * {@code contest_best} (insert, or a guarded update only when better) and then put on the {@link Leaderboard}.
 */
@ApplicationScoped
public class Attempts {

    @RegisterForReflection
    public record AnswerRequest(@NotNull @Size(max = 100) List<@Valid @NotNull Answer> answers) {}

    @RegisterForReflection
    public record Answer(
            @NotNull @Positive Long questionId,
            @NotNull @Size(max = 8) List<@NotNull @Min(0) @Max(7) Integer> choice) {}

    /** A drawn question as the member sees it before answering: no answer. */
    @RegisterForReflection
    public record Drawn(long questionId, String text, List<String> options, boolean multiple, int points) {}

    @RegisterForReflection
    public record Started(
            long attemptId,
            long contestId,
            int attemptNo,
            OffsetDateTime startedAt,
            OffsetDateTime deadline,
            long millisLeft,
            boolean resumed,
            List<Drawn> questions) {}

    /** After scoring, the answers may be shown. */
    @RegisterForReflection
    public record Result(long questionId, List<Integer> choice, List<Integer> answer, boolean correct, int points) {}

    @RegisterForReflection
    public record Scored(
            long attemptId, int score, int maxScore, int millis, int correct, List<Result> results, boolean best) {}

    private final EntityManager em;
    private final ShiftableClock clock;
    private final QuestionBank bank;
    private final Contests contests;
    private final Leaderboard leaderboard;
    private final SecureRandom random = new SecureRandom();

    Attempts(EntityManager em, ShiftableClock clock, QuestionBank bank, Contests contests, Leaderboard leaderboard) {
        this.em = em;
        this.clock = clock;
        this.bank = bank;
        this.contests = contests;
        this.leaderboard = leaderboard;
    }

    /**
     * A new attempt, or the member's attempt still running (a second tap must not burn an attempt): then
     * {@code resumed} is true and nothing is written.
     */
    public Started start(long memberId, long contestId) {
        QuestionBank.Sealed s = bank.get(contestId);
        Contest c = contests.requireAudience(memberId, contestId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!c.opened(now)) {
            throw ProblemException.conflict(
                    ContestErrors.CONTEST_NOT_OPEN, "The contest opens at " + clock.at(c.opensAt));
        }
        if (c.closed(now)) {
            throw ProblemException.conflict(ContestErrors.CONTEST_CLOSED, "The contest has closed");
        }
        if (s.ids().isEmpty()) {
            throw ProblemException.conflict(ContestErrors.NO_QUESTIONS, "The contest has no questions yet");
        }
        for (int tries = 0; ; tries++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> begin(s, memberId, now));
            } catch (RuntimeException e) {
                if (!DuplicateKey.causes(e) || tries == 2) {
                    throw DuplicateKey.causes(e) ? noAttemptsLeft() : e;
                }
                // two taps raced for the same attempt number: the loser looks again (and finds it running, or the next
                // number)
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Started begin(QuestionBank.Sealed s, long memberId, Instant now) {
        Contest c = s.contest();
        List<Object[]> mine = em.createNativeQuery("SELECT id, attempt_no, seed, started_at, deadline, answered_at"
                        + " FROM contest_attempt WHERE contest_id = ?1 AND member_id = ?2 ORDER BY attempt_no")
                .setParameter(1, c.id)
                .setParameter(2, memberId)
                .getResultList();
        for (Object[] a : mine) {
            Instant deadline = SqlTimes.instant(a[4]);
            if (a[5] == null && !now.isAfter(deadline)) {
                return started(
                        true,
                        s,
                        ((Number) a[0]).longValue(),
                        ((Number) a[1]).intValue(),
                        ((Number) a[2]).longValue(),
                        SqlTimes.instant(a[3]),
                        deadline,
                        now);
            }
        }
        if (mine.size() >= c.attemptsPerMember) {
            throw noAttemptsLeft();
        }
        int no = mine.size() + 1;
        long seed = random.nextLong();
        Instant deadline = now.plusSeconds(c.secondsPerAttempt);
        if (deadline.isAfter(c.closesAt)) {
            deadline = c.closesAt;
        }
        em.createNativeQuery(
                        "INSERT INTO contest_attempt (contest_id, member_id, attempt_no, seed, started_at, deadline)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, c.id)
                .setParameter(2, memberId)
                .setParameter(3, no)
                .setParameter(4, seed)
                .setParameter(5, now)
                .setParameter(6, deadline)
                .executeUpdate();
        long id = ((Number) em.createNativeQuery("SELECT LAST_INSERT_ID()").getSingleResult()).longValue();
        return started(false, s, id, no, seed, now, deadline, now);
    }

    private Started started(
            boolean resumed,
            QuestionBank.Sealed s,
            long id,
            int no,
            long seed,
            Instant startedAt,
            Instant deadline,
            Instant now) {
        List<Drawn> drawn = new ArrayList<>();
        for (Long qid : ContestDraw.draw(seed, s.ids(), s.contest().questionsPerAttempt)) {
            QuestionBank.Question q = s.byId().get(qid);
            drawn.add(new Drawn(q.id(), q.text(), q.options(), q.multiple(), q.points()));
        }
        return new Started(
                id,
                s.contest().id,
                no,
                clock.at(startedAt),
                clock.at(deadline),
                Math.max(0, deadline.toEpochMilli() - now.toEpochMilli()),
                resumed,
                drawn);
    }

    /** Scores the attempt once. 404 unless it is the member's; 409 ATTEMPT_ALREADY_ANSWERED / ATTEMPT_EXPIRED. */
    public Scored answer(long memberId, long contestId, long attemptId, List<Answer> answers) {
        QuestionBank.Sealed s = bank.get(contestId);
        record Outcome(Scored scored, Leaderboard.Best best) {}
        Outcome o = QuarkusTransaction.requiringNew().call(() -> {
            Object[] a = attempt(contestId, attemptId);
            if (a == null || ((Number) a[0]).longValue() != memberId) {
                throw ProblemException.notFound(ContestErrors.ATTEMPT_NOT_FOUND, "No attempt " + attemptId);
            }
            if (a[4] != null) {
                throw alreadyAnswered();
            }
            Instant startedAt = SqlTimes.instant(a[2]);
            Instant deadline = SqlTimes.instant(a[3]);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (now.isAfter(deadline)) {
                throw expired(deadline);
            }
            List<Long> drawn = ContestDraw.draw(((Number) a[1]).longValue(), s.ids(), s.contest().questionsPerAttempt);
            Map<Long, List<Integer>> chosen = choices(s, drawn, answers);
            List<Result> results = new ArrayList<>(drawn.size());
            int score = 0;
            int max = 0;
            int correct = 0;
            for (Long qid : drawn) {
                QuestionBank.Question q = s.byId().get(qid);
                List<Integer> choice = chosen.getOrDefault(qid, List.of());
                boolean right = q.correct(choice);
                results.add(new Result(qid, choice, q.answer(), right, q.points()));
                max += q.points();
                if (right) {
                    score += q.points();
                    correct++;
                }
            }
            int millis = (int) Math.min(Integer.MAX_VALUE, now.toEpochMilli() - startedAt.toEpochMilli());
            int moved = em.createNativeQuery("UPDATE contest_attempt SET answered_at = ?1, score = ?2, millis = ?3"
                            + " WHERE id = ?4 AND answered_at IS NULL AND deadline >= ?1")
                    .setParameter(1, now)
                    .setParameter(2, score)
                    .setParameter(3, millis)
                    .setParameter(4, attemptId)
                    .executeUpdate();
            if (moved == 0) {
                throw attempt(contestId, attemptId)[4] != null ? alreadyAnswered() : expired(deadline);
            }
            insertAnswers(contestId, attemptId, results);
            boolean best = keepBest(contestId, memberId, attemptId, score, millis, now);
            Leaderboard.Best put =
                    best ? new Leaderboard.Best(memberId, attemptId, score, millis, now, rosterName(memberId)) : null;
            return new Outcome(new Scored(attemptId, score, max, millis, correct, results, best), put);
        });
        if (o.best() != null) {
            leaderboard.put(contestId, o.best());
        }
        return o.scored();
    }

    @SuppressWarnings("unchecked")
    private Object[] attempt(long contestId, long attemptId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT member_id, seed, started_at, deadline, answered_at FROM contest_attempt"
                                + " WHERE id = ?1 AND contest_id = ?2")
                .setParameter(1, attemptId)
                .setParameter(2, contestId)
                .getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The member's choice per drawn question; 400 (nothing written) for a question not drawn, twice, or an option it lacks. */
    private static Map<Long, List<Integer>> choices(QuestionBank.Sealed s, List<Long> drawn, List<Answer> answers) {
        Set<Long> mine = new HashSet<>(drawn);
        Map<Long, List<Integer>> out = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            String field = "answers[" + i + "]";
            if (!mine.contains(a.questionId())) {
                throw ProblemException.invalid(field + ".questionId", "is not a question of this attempt");
            }
            QuestionBank.Question q = s.byId().get(a.questionId());
            TreeSet<Integer> choice = new TreeSet<>(a.choice());
            if (choice.size() != a.choice().size()) {
                throw ProblemException.invalid(field + ".choice", "lists an option twice");
            }
            if (!choice.isEmpty() && choice.last() >= q.options().size()) {
                throw ProblemException.invalid(field + ".choice", "must be indexes of the options (0-based)");
            }
            if (!q.multiple() && choice.size() > 1) {
                throw ProblemException.invalid(field + ".choice", "a single-choice question takes one option");
            }
            if (out.put(a.questionId(), List.copyOf(choice)) != null) {
                throw ProblemException.invalid(field + ".questionId", "is answered twice");
            }
        }
        return out;
    }

    private void insertAnswers(long contestId, long attemptId, List<Result> results) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO contest_answer (attempt_id, question_id, contest_id, choice, correct) VALUES ");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            sql.append(i == 0 ? "" : ", ")
                    .append('(')
                    .append(attemptId)
                    .append(", ")
                    .append(r.questionId())
                    .append(", ")
                    .append(contestId)
                    .append(", '")
                    .append(QuestionBank.joinAnswer(r.choice())) // digits and commas only
                    .append("', ")
                    .append(r.correct() ? 1 : 0)
                    .append(')');
        }
        em.createNativeQuery(sql.toString()).executeUpdate();
    }

    /** True if this attempt is now the member's best: the first scored, or better than the one kept. */
    private boolean keepBest(long contestId, long memberId, long attemptId, int score, int millis, Instant at) {
        int inserted = em.createNativeQuery(
                        "INSERT IGNORE INTO contest_best (contest_id, member_id, attempt_id, score, millis, answered_at)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, contestId)
                .setParameter(2, memberId)
                .setParameter(3, attemptId)
                .setParameter(4, score)
                .setParameter(5, millis)
                .setParameter(6, at)
                .executeUpdate();
        if (inserted == 1) {
            return true;
        }
        return em.createNativeQuery(
                                "UPDATE contest_best SET attempt_id = ?3, score = ?4, millis = ?5, answered_at = ?6"
                                        + " WHERE contest_id = ?1 AND member_id = ?2 AND (score < ?4 OR (score = ?4 AND millis > ?5))")
                        .setParameter(1, contestId)
                        .setParameter(2, memberId)
                        .setParameter(3, attemptId)
                        .setParameter(4, score)
                        .setParameter(5, millis)
                        .setParameter(6, at)
                        .executeUpdate()
                == 1;
    }

    @SuppressWarnings("unchecked")
    private String rosterName(long memberId) {
        List<String> names = em.createNativeQuery(
                        "SELECT r.name FROM member m JOIN roster_entry r ON r.id = m.roster_id WHERE m.id = ?1")
                .setParameter(1, memberId)
                .getResultList();
        return names.isEmpty() ? null : names.get(0);
    }

    private static ProblemException noAttemptsLeft() {
        return ProblemException.conflict(ContestErrors.NO_ATTEMPTS_LEFT, "You have used every attempt of this contest");
    }

    private static ProblemException alreadyAnswered() {
        return ProblemException.conflict(
                ContestErrors.ATTEMPT_ALREADY_ANSWERED, "This attempt has been scored already");
    }

    private ProblemException expired(Instant deadline) {
        return ProblemException.conflict(ContestErrors.ATTEMPT_EXPIRED, "The time ran out at " + clock.at(deadline));
    }
}
