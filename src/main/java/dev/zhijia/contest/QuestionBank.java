package dev.zhijia.contest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhijia.common.CommonErrors;
import dev.zhijia.common.Problem;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.member.CsvReader;
import dev.zhijia.org.Scope;

/**
 * A contest's question bank: added with the contest or by CSV upload until it opens, then frozen — so each
 * replica keeps an open contest and its bank in memory ({@link #sealed}) and a burst of attempts reads no
 * bank from MySQL.
 */
@ApplicationScoped
public class QuestionBank {

    static final int MAX_BANK = 1000;
    private static final int MAX_SEALED = 1000;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    /** A question with its answer: never sent to a member before their attempt is scored. */
    record Question(long id, String text, List<String> options, List<Integer> answer, int points) {

        boolean multiple() {
            return answer.size() > 1;
        }

        boolean correct(List<Integer> choice) {
            return choice != null && new TreeSet<>(choice).equals(new TreeSet<>(answer));
        }
    }

    /** An open contest as it stays until it closes (nothing of it changes once open). */
    record Sealed(Contest contest, List<Question> questions, List<Long> ids, Map<Long, Question> byId) {}

    private final EntityManager em;
    private final ObjectMapper json;
    private final ShiftableClock clock;
    private final Map<Long, Sealed> sealed = new ConcurrentHashMap<>();

    QuestionBank(EntityManager em, ObjectMapper json, ShiftableClock clock) {
        this.em = em;
        this.json = json;
        this.clock = clock;
    }

    /** The contest and its bank; kept in memory once the contest has opened. 404 for an unknown contest. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Sealed get(long contestId) {
        Sealed s = sealed.get(contestId);
        if (s != null) {
            return s;
        }
        Contest c = Contest.findById(contestId);
        if (c == null) {
            throw Contests.notFound(contestId);
        }
        List<Question> qs = questions(contestId);
        Map<Long, Question> byId = new HashMap<>();
        qs.forEach(q -> byId.put(q.id(), q));
        s = new Sealed(c, qs, qs.stream().map(Question::id).toList(), Map.copyOf(byId));
        if (c.opened(clock.instant())) {
            em.detach(c);
            if (sealed.size() >= MAX_SEALED) {
                sealed.clear(); // a crude bound: the next read loads again
            }
            sealed.put(contestId, s);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    List<Question> questions(long contestId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id, text, options, answer, points FROM contest_question WHERE contest_id = ?1 ORDER BY id")
                .setParameter(1, contestId)
                .getResultList();
        List<Question> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Question(
                    ((Number) r[0]).longValue(),
                    (String) r[1],
                    parseOptions((String) r[2]),
                    parseAnswer((String) r[3]),
                    ((Number) r[4]).intValue()));
        }
        return out;
    }

    /**
     * Adds questions to a contest, in the caller's transaction: with its creation, or (by CSV) while it has not
     * opened — the caller checks which, holding the contest's row.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void add(Contest c, List<ContestRequest.Question> questions, String fieldPrefix) {
        long have = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM contest_question WHERE contest_id = ?1")
                        .setParameter(1, c.id)
                        .getSingleResult())
                .longValue();
        if (have + questions.size() > MAX_BANK) {
            throw ProblemException.invalid(fieldPrefix, "a bank holds at most " + MAX_BANK + " questions");
        }
        for (int i = 0; i < questions.size(); i++) {
            ContestRequest.Question q = questions.get(i);
            String field = fieldPrefix + "[" + i + "]";
            TreeSet<Integer> answer = new TreeSet<>(q.answer());
            if (answer.size() != q.answer().size()) {
                throw ProblemException.invalid(field + ".answer", "lists an option twice");
            }
            if (answer.last() >= q.options().size()) {
                throw ProblemException.invalid(field + ".answer", "must be indexes of the options (0-based)");
            }
            em.createNativeQuery("INSERT INTO contest_question (contest_id, text, options, answer, points)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, c.id)
                    .setParameter(2, q.text().strip())
                    .setParameter(
                            3,
                            writeOptions(q.options().stream().map(String::strip).toList()))
                    .setParameter(4, joinAnswer(List.copyOf(answer)))
                    .setParameter(5, q.points() == null ? 1 : q.points())
                    .executeUpdate();
        }
    }

    /**
     * Questions from CSV: header {@code text,options,answer,points}; options separated by {@code |}, the answer
     * as letters ({@code A}, {@code AC}: A is the first option), points optional (1). Any bad line refuses the
     * whole file (400 with a violation per line), so a bank is never half uploaded.
     */
    List<ContestRequest.Question> parseCsv(InputStream body) {
        List<ContestRequest.Question> out = new ArrayList<>();
        List<Problem.Violation> bad = new ArrayList<>();
        try {
            CsvReader csv = new CsvReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            CsvReader.Record header = csv.next();
            if (header == null
                    || !header.fields().stream()
                            .map(s -> s.strip().toLowerCase(Locale.ROOT))
                            .toList()
                            .subList(0, Math.min(3, header.fields().size()))
                            .equals(List.of("text", "options", "answer"))) {
                throw ProblemException.invalid("csv", "the first line must be the header text,options,answer,points");
            }
            for (CsvReader.Record r = csv.next(); r != null; r = csv.next()) {
                if (r.blank()) {
                    continue;
                }
                String where = "line " + r.line();
                if (out.size() + bad.size() >= MAX_BANK) {
                    bad.add(new Problem.Violation(where, "a bank holds at most " + MAX_BANK + " questions"));
                    break;
                }
                String problem = r.error() != null ? r.error() : null;
                List<String> f = r.fields();
                if (problem == null && (f.size() < 3 || f.size() > 4)) {
                    problem = "needs 3 or 4 fields";
                }
                ContestRequest.Question q = null;
                if (problem == null) {
                    String text = f.get(0).strip();
                    List<String> options = List.of(f.get(1).split("\\|", -1)).stream()
                            .map(String::strip)
                            .toList();
                    String letters = f.get(2).strip().toUpperCase(Locale.ROOT);
                    List<Integer> answer = new ArrayList<>();
                    for (char ch : letters.toCharArray()) {
                        answer.add(ch - 'A');
                    }
                    Integer points = null;
                    if (f.size() == 4 && !f.get(3).isBlank()) {
                        try {
                            points = Integer.valueOf(f.get(3).strip());
                        } catch (NumberFormatException e) {
                            points = -1;
                        }
                    }
                    if (text.isEmpty() || text.length() > 500) {
                        problem = "text must be 1-500 characters";
                    } else if (options.size() < 2 || options.size() > 8) {
                        problem = "needs 2-8 options separated by |";
                    } else if (options.stream().anyMatch(o -> o.isEmpty() || o.length() > 200)) {
                        problem = "every option must be 1-200 characters";
                    } else if (letters.isEmpty()
                            || answer.stream().anyMatch(a -> a < 0 || a >= options.size())
                            || new TreeSet<>(answer).size() != answer.size()) {
                        problem = "answer must be letters of the options, each once (A, AC)";
                    } else if (points != null && (points < 1 || points > 100)) {
                        problem = "points must be 1-100";
                    } else {
                        q = new ContestRequest.Question(text, options, answer, points);
                    }
                }
                if (problem != null) {
                    bad.add(new Problem.Violation(where, problem));
                } else {
                    out.add(q);
                }
            }
        } catch (IOException e) {
            throw ProblemException.badRequest(CommonErrors.BAD_REQUEST, "The CSV could not be read");
        }
        if (!bad.isEmpty()) {
            throw new ProblemException(400, CommonErrors.VALIDATION_FAILED, "The CSV has bad lines")
                    .with("violations", bad.subList(0, Math.min(100, bad.size())));
        }
        if (out.isEmpty()) {
            throw ProblemException.invalid("csv", "no questions in the file");
        }
        return out;
    }

    /** The admin's view of the bank, answers included; only the scope's contests. */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<Question> forAdmin(Scope scope, long contestId) {
        Contests.visible(scope, contestId);
        return questions(contestId);
    }

    private String writeOptions(List<String> options) {
        try {
            return json.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> parseOptions(String s) {
        try {
            return List.copyOf(json.readValue(s, STRINGS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("contest_question.options is not a JSON array: " + s, e);
        }
    }

    static String joinAnswer(List<Integer> answer) {
        return String.join(",", answer.stream().map(String::valueOf).toList());
    }

    static List<Integer> parseAnswer(String s) {
        return s == null || s.isEmpty()
                ? List.of()
                : List.of(s.split(",")).stream().map(Integer::valueOf).toList();
    }
}
