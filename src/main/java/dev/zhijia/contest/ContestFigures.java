package dev.zhijia.contest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.NativeCounts;
import dev.zhijia.org.Scope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A contest's results for its admins: participants, attempts, the score distribution of members' best attempts,
 * each question's correct rate (which questions workers get wrong is what the union wants to know), the top of the
 * ranking with names in full, and the prizes.
 */
@ApplicationScoped
public class ContestFigures {

    @RegisterForReflection
    public record Bucket(int score, long members) {}

    @RegisterForReflection
    public record QuestionFigure(
            long questionId, String text, boolean multiple, long answered, long correct, Double correctRate) {}

    @RegisterForReflection
    public record Ranked(long rank, long memberId, String name, int score, int millis) {}

    @RegisterForReflection
    public record Results(
            ContestView contest,
            long participants,
            long attempts,
            long scoredAttempts,
            Double averageBestScore,
            List<Bucket> distribution,
            List<QuestionFigure> questions,
            List<Ranked> top,
            Prizes.PrizeList prizes) {}

    private static final int TOP = 100;

    private final EntityManager em;
    private final Contests contests;
    private final QuestionBank bank;
    private final Prizes prizes;

    ContestFigures(EntityManager em, Contests contests, QuestionBank bank, Prizes prizes) {
        this.em = em;
        this.contests = contests;
        this.bank = bank;
        this.prizes = prizes;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Results results(Scope scope, long id) {
        Contest c = Contests.visible(scope, id);
        long participants = NativeCounts.count(
                em, "SELECT COUNT(DISTINCT member_id) FROM contest_attempt WHERE contest_id = ?1", id);
        long attempts = NativeCounts.count(em, "SELECT COUNT(*) FROM contest_attempt WHERE contest_id = ?1", id);
        long scored = NativeCounts.count(
                em, "SELECT COUNT(*) FROM contest_attempt WHERE contest_id = ?1 AND answered_at IS NOT NULL", id);
        List<Bucket> distribution = new ArrayList<>();
        long members = 0;
        long points = 0;
        for (Object[] r : (List<Object[]>) em.createNativeQuery(
                        "SELECT score, COUNT(*) FROM contest_best WHERE contest_id = ?1 GROUP BY score ORDER BY score")
                .setParameter(1, id)
                .getResultList()) {
            Bucket b = new Bucket(((Number) r[0]).intValue(), ((Number) r[1]).longValue());
            distribution.add(b);
            members += b.members();
            points += b.score() * b.members();
        }
        List<QuestionFigure> questions = new ArrayList<>();
        Map<Long, long[]> counts = new HashMap<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT question_id, COUNT(*), SUM(correct)"
                        + " FROM contest_answer WHERE contest_id = ?1 GROUP BY question_id")
                .setParameter(1, id)
                .getResultList()) {
            counts.put(
                    ((Number) r[0]).longValue(), new long[] {((Number) r[1]).longValue(), ((Number) r[2]).longValue()});
        }
        for (QuestionBank.Question q : bank.questions(id)) {
            long[] n = counts.getOrDefault(q.id(), new long[2]);
            questions.add(new QuestionFigure(
                    q.id(),
                    q.text(),
                    q.multiple(),
                    n[0],
                    n[1],
                    n[0] == 0 ? null : Math.round(1000.0 * n[1] / n[0]) / 1000.0));
        }
        List<Ranked> top = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT b.member_id, r.name, b.score, b.millis"
                        + " FROM contest_best b JOIN member m ON m.id = b.member_id LEFT JOIN roster_entry r ON r.id = m.roster_id"
                        + " WHERE b.contest_id = ?1 ORDER BY b.score DESC, b.millis, b.answered_at, b.attempt_id LIMIT "
                        + TOP)
                .setParameter(1, id)
                .getResultList()) {
            top.add(new Ranked(
                    top.size() + 1,
                    ((Number) r[0]).longValue(),
                    (String) r[1],
                    ((Number) r[2]).intValue(),
                    ((Number) r[3]).intValue()));
        }
        return new Results(
                contests.adminDetail(scope, id),
                participants,
                attempts,
                scored,
                members == 0 ? null : Math.round(100.0 * points / members) / 100.0,
                distribution,
                questions,
                top,
                prizes.forAdmin(c));
    }
}
