package dev.zhijia.contest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.zhijia.contest.ContestTestData.answer;
import static dev.zhijia.contest.ContestTestData.answers;
import static dev.zhijia.contest.ContestTestData.open;
import static dev.zhijia.contest.ContestTestData.start;
import static dev.zhijia.contest.ContestTestData.take;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API.md "Contests": attempts, server-measured time, scoring once, the best attempt, the leaderboard. */
@QuarkusTest
@Tag("redis")
class ContestTest {

    @Inject
    ShiftableClock clock;

    @Inject
    Leaderboard leaderboard;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anAttemptDrawsFromItsSeedHidesTheAnswersAndIsScoredOnce() {
        String tag = Fixtures.unique("ct-");
        long contest = open(tag, 8, 5, 60, 2);
        Fixtures.MemberLogin m = Fixtures.verifiedMember(tag, "org-1");
        String raw = start(m, contest).statusCode(201).extract().asString();
        assertFalse(raw.contains("\"answer\""), "no answer before scoring: " + raw);
        JsonPath s = new JsonPath(raw);
        long attempt = s.getLong("attemptId");
        assertEquals(5, s.getList("questions").size());
        // the same attempt again while it runs: nothing new, no attempt used
        start(m, contest).statusCode(200).body("attemptId", is((int) attempt)).body("resumed", is(true));
        // the draw follows from the seed kept with the attempt
        long seed = Fixtures.query("SELECT seed FROM contest_attempt WHERE id = ?", rs -> rs.getLong(1), attempt)
                .get(0);
        List<Long> bank = Fixtures.query(
                "SELECT id FROM contest_question WHERE contest_id = ? ORDER BY id", rs -> rs.getLong(1), contest);
        assertEquals(ContestDraw.draw(seed, bank, 5), s.getList("questions.questionId", Long.class));

        JsonPath scored = answer(m, contest, attempt, answers(s, 3))
                .statusCode(200)
                .body("score", is(30))
                .body("maxScore", is(50))
                .body("correct", is(3))
                .body("results", hasSize(5))
                .extract()
                .jsonPath();
        assertTrue(scored.getInt("millis") >= 0);
        answer(m, contest, attempt, answers(s, 5)).statusCode(409).body("code", is("ATTEMPT_ALREADY_ANSWERED"));
        assertEquals(
                List.of(30),
                Fixtures.query("SELECT score FROM contest_attempt WHERE id = ?", rs -> rs.getInt(1), attempt));

        // a better second attempt becomes the one that counts
        take(m, contest, 5);
        Fixtures.as(m)
                .get("/api/v1/contests/" + contest + "/leaderboard")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].name", is("测**"))
                .body("items[0].score", is(50))
                .body("mine.rank", is(1))
                .body("mine.score", is(50));
        start(m, contest).statusCode(409).body("code", is("NO_ATTEMPTS_LEFT"));
        Fixtures.as(m)
                .get("/api/v1/contests/" + contest)
                .then()
                .statusCode(200)
                .body("mine.attemptsLeft", is(0))
                .body("mine.bestScore", is(50));
    }

    @Test
    void theTimeIsTheServersAndALateAnswerIsRefusedAndChangesNothing() {
        String tag = Fixtures.unique("ct-");
        long contest = open(tag, 4, 4, 30, 1);
        Fixtures.MemberLogin m = Fixtures.verifiedMember(tag, "org-1");
        JsonPath s = start(m, contest).statusCode(201).extract().jsonPath();
        clock.shift(Duration.ofSeconds(31));
        answer(m, contest, s.getLong("attemptId"), answers(s, 4))
                .statusCode(409)
                .body("code", is("ATTEMPT_EXPIRED"));
        assertEquals(
                List.of(true),
                Fixtures.query(
                        "SELECT answered_at IS NULL FROM contest_attempt WHERE id = ?",
                        rs -> rs.getBoolean(1),
                        s.getLong("attemptId")));
        assertEquals(
                List.of(0L),
                Fixtures.query("SELECT COUNT(*) FROM contest_best WHERE contest_id = ?", rs -> rs.getLong(1), contest));
        start(m, contest).statusCode(409).body("code", is("NO_ATTEMPTS_LEFT"));
    }

    @Test
    void windowAudienceAndOwnershipAreEnforced() {
        String tag = Fixtures.unique("ct-");
        Map<String, Object> later = ContestTestData.body(
                tag, ContestTestData.now().plusHours(1), ContestTestData.now().plusHours(2), 3, 3, 60, 1, List.of());
        long upcoming = ContestTestData.create(later);
        Fixtures.MemberLogin m = Fixtures.verifiedMember(tag, "org-1");
        start(m, upcoming).statusCode(409).body("code", is("CONTEST_NOT_OPEN"));
        clock.shift(Duration.ofHours(3));
        start(m, upcoming).statusCode(409).body("code", is("CONTEST_CLOSED"));
        clock.reset();

        long contest = open(tag, 3, 3, 60, 1);
        Fixtures.MemberLogin outsider = Fixtures.verifiedMember(Fixtures.unique("other-"), "org-1");
        start(outsider, contest).statusCode(403).body("code", is("NOT_IN_AUDIENCE"));
        Fixtures.as(outsider)
                .get("/api/v1/contests/" + contest + "/leaderboard")
                .then()
                .statusCode(403)
                .body("code", is("NOT_IN_AUDIENCE"));
        start(Fixtures.newMember(), contest).statusCode(403).body("code", is("NOT_VERIFIED"));

        JsonPath s = start(m, contest).statusCode(201).extract().jsonPath();
        Fixtures.MemberLogin other = Fixtures.verifiedMember(tag, "org-1");
        answer(other, contest, s.getLong("attemptId"), answers(s, 3))
                .statusCode(404)
                .body("code", is("ATTEMPT_NOT_FOUND"));
        Fixtures.as(m).get("/api/v1/contests").then().statusCode(200).body("id", hasItem((int) contest));
        Fixtures.as(outsider).get("/api/v1/contests").then().statusCode(200).body("id", not(hasItem((int) contest)));
    }

    @Test
    void badAnswersAndBadContestsAre400AndChangeNothing() {
        String tag = Fixtures.unique("ct-");
        long contest = open(tag, 5, 5, 60, 1);
        Fixtures.MemberLogin m = Fixtures.verifiedMember(tag, "org-1");
        JsonPath s = start(m, contest).statusCode(201).extract().jsonPath();
        long attempt = s.getLong("attemptId");
        long q = s.getLong("questions[0].questionId");
        long foreign = Fixtures.query(
                        "SELECT id FROM contest_question WHERE contest_id <> ? LIMIT 1", rs -> rs.getLong(1), contest)
                .stream()
                .findFirst()
                .orElse(999_999_999L);
        for (Object[] bad : new Object[][] {
            {foreign, List.of(0)}, {q, List.of(9)}, {q, List.of(1, 1)},
        }) {
            answer(m, contest, attempt, List.of(Map.of("questionId", bad[0], "choice", bad[1])))
                    .statusCode(400)
                    .body("code", is("VALIDATION_FAILED"));
        }
        Fixtures.as(m)
                .contentType(ContentType.JSON)
                .body("{\"answers\":\"nope\"}")
                .post("/api/v1/contests/" + contest + "/attempts/" + attempt + "/answers")
                .then()
                .statusCode(400);
        assertEquals(
                List.of(true),
                Fixtures.query(
                        "SELECT answered_at IS NULL FROM contest_attempt WHERE id = ?",
                        rs -> rs.getBoolean(1),
                        attempt));

        Map<String, Object> b = ContestTestData.body(
                tag, ContestTestData.now().plusHours(2), ContestTestData.now().plusHours(1), 3, 3, 60, 1, List.of());
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(b)
                .post("/api/v1/admin/contests")
                .then()
                .statusCode(400)
                .body("violations[0].field", is("closesAt"));
        Map<String, Object> badAnswer = ContestTestData.body(
                tag, ContestTestData.now(), ContestTestData.now().plusHours(1), 0, 3, 60, 1, List.of());
        badAnswer.put(
                "questions",
                List.of(Map.of("text", "题", "options", List.of("甲", "乙"), "answer", List.of(2), "points", 1)));
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(badAnswer)
                .post("/api/v1/admin/contests")
                .then()
                .statusCode(400)
                .body("violations[0].field", is("questions[0].answer"));
        Fixtures.as(m)
                .get("/api/v1/contests/" + contest + "/leaderboard?limit=101")
                .then()
                .statusCode(400);
        Fixtures.as(m)
                .get("/api/v1/contests/" + contest + "/leaderboard?limit=0")
                .then()
                .statusCode(400);
    }

    @Test
    void manyAnswersToOneAttemptAtOnceScoreItExactlyOnce() throws Exception {
        String tag = Fixtures.unique("ct-");
        long contest = open(tag, 6, 6, 60, 1);
        Fixtures.MemberLogin m = Fixtures.verifiedMember(tag, "org-1");
        JsonPath s = start(m, contest).statusCode(201).extract().jsonPath();
        long attempt = s.getLong("attemptId");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int right = i % 7;
            calls.add(() -> answer(m, contest, attempt, answers(s, Math.min(right, 6)))
                    .extract()
                    .statusCode());
        }
        int ok = 0;
        int twice = 0;
        for (Future<Integer> f : pool.invokeAll(calls)) {
            ok += f.get() == 200 ? 1 : 0;
            twice += f.get() == 409 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, ok, "exactly one answer scores the attempt");
        assertEquals(31, twice);
        assertEquals(
                List.of(6L),
                Fixtures.query(
                        "SELECT COUNT(*) FROM contest_answer WHERE attempt_id = ?", rs -> rs.getLong(1), attempt));
        int kept = Fixtures.query("SELECT score FROM contest_attempt WHERE id = ?", rs -> rs.getInt(1), attempt)
                .get(0);
        assertEquals(
                List.of(kept),
                Fixtures.query("SELECT score FROM contest_best WHERE contest_id = ?", rs -> rs.getInt(1), contest));
        Fixtures.as(m)
                .get("/api/v1/contests/" + contest + "/leaderboard")
                .then()
                .body("items", hasSize(1))
                .body("mine.score", is(kept));
    }

    @Test
    void theLeaderboardRanksByScoreThenTimeAndIsRebuiltFromMySqlWhenLost() {
        String tag = Fixtures.unique("ct-");
        long contest = open(tag, 5, 5, 120, 1);
        List<Fixtures.MemberLogin> members = new ArrayList<>();
        int[] rights = {2, 5, 3, 5, 0};
        for (int right : rights) {
            Fixtures.MemberLogin m = Fixtures.verifiedMember(tag, "org-1");
            take(m, contest, right);
            members.add(m);
        }
        JsonPath live = board(members.get(0));
        assertEquals(List.of(50, 50, 30, 20, 0), live.getList("items.score", Integer.class));
        assertEquals(5, live.getInt("ranked"));
        assertEquals(4, live.getInt("mine.rank"));
        // ties on points: the faster first (millis ascending) — the MySQL order
        List<Integer> millis = live.getList("items.millis", Integer.class);
        assertTrue(millis.get(0) <= millis.get(1), "faster first: " + millis);
        List<List<Object>> mysql = Fixtures.query(
                "SELECT score, millis FROM contest_best WHERE contest_id = ? ORDER BY score DESC, millis, answered_at, attempt_id",
                rs -> List.<Object>of(rs.getInt(1), rs.getInt(2)),
                contest);
        List<List<Object>> redis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            redis.add(List.of(live.getInt("items[" + i + "].score"), live.getInt("items[" + i + "].millis")));
        }
        assertEquals(mysql, redis);

        // Redis loses the board: reads answer from MySQL and the board is rebuilt, the same
        RedisDataSource r = Arc.container().instance(RedisDataSource.class).get();
        r.key().del(Leaderboard.board(contest), Leaderboard.entries(contest), Leaderboard.built(contest));
        JsonPath after = board(members.get(0));
        assertEquals(live.getList("items"), after.getList("items"));
        assertEquals(4, after.getInt("mine.rank"));
        assertEquals(5L, r.sortedSet(String.class).zcard(Leaderboard.board(contest)));
        assertEquals(live.getList("items"), board(members.get(4)).getList("items"));
        assertEquals(5, board(members.get(4)).getInt("mine.rank"));
        assertEquals(live.getList("items"), leaderboardFromMySql(contest, members));
    }

    private List<Object> leaderboardFromMySql(long contest, List<Fixtures.MemberLogin> members) {
        return QuarkusTransaction.requiringNew()
                .call(() -> leaderboard.fromMySql(contest, members.get(0).id(), 20).items().stream()
                        .<Object>map(row -> Map.of(
                                "rank",
                                (int) row.rank(),
                                "name",
                                row.name(),
                                "score",
                                row.score(),
                                "millis",
                                row.millis()))
                        .toList());
    }

    private static JsonPath board(Fixtures.MemberLogin m) {
        return Fixtures.as(m)
                .get("/api/v1/contests/" + lastContest(m) + "/leaderboard")
                .then()
                .statusCode(200)
                .body("mine", not(nullValue()))
                .extract()
                .jsonPath();
    }

    private static long lastContest(Fixtures.MemberLogin m) {
        return Fixtures.query(
                        "SELECT contest_id FROM contest_attempt WHERE member_id = ? ORDER BY id DESC LIMIT 1",
                        rs -> rs.getLong(1),
                        m.id())
                .get(0);
    }
}
