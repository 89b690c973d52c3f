package dev.zhijia.contest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import dev.zhijia.notify.SecondReplica;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prizes by rank exactly once with two replicas ({@link SecondReplica}, sharing MySQL and Redis): members answer on
 * either replica, both replicas' award schedulers and this test's own concurrent calls race at the close, and the
 * prizes are one per place and per member, in the documented order (ties at a tier boundary to the faster, then the
 * earlier finish), each winner told once.
 */
@QuarkusTest
class ContestPrizesAcrossReplicasTest {

    private static SecondReplica replica;

    @Inject
    Prizes prizes;

    @BeforeAll
    static void startSecondReplica() throws Exception {
        replica = SecondReplica.start(SecondReplica.sharedStores(), Duration.ofMinutes(8));
    }

    @AfterAll
    static void stopSecondReplica() throws Exception {
        if (replica != null) {
            replica.close();
        }
    }

    private static RequestSpecification onReplica(Fixtures.MemberLogin m) {
        return given().baseUri("http://127.0.0.1").port(replica.port).auth().oauth2(m.accessToken());
    }

    @Test
    void atTheCloseTheTiersAreAwardedByRankExactlyOnceAcrossReplicas() throws Exception {
        String tag = Fixtures.unique("cp-");
        int[] rights = {5, 4, 5, 4, 4, 3, 5, 2, 3};
        List<Fixtures.MemberLogin> members = new ArrayList<>();
        for (int i = 0; i < rights.length; i++) {
            members.add(Fixtures.verifiedMember(tag, "org-1"));
        }
        Map<String, Object> body = ContestTestData.body(
                tag,
                ContestTestData.now().minusMinutes(1),
                ContestTestData.now().plusSeconds(25),
                5,
                5,
                60,
                1,
                List.of(
                        Map.of("tier", "一等奖", "count", 2),
                        Map.of("tier", "二等奖", "count", 2),
                        Map.of("tier", "三等奖", "count", 3)));
        long contest = ContestTestData.create(body);
        for (int i = 0; i < members.size(); i++) {
            Fixtures.MemberLogin m = members.get(i);
            // every other member takes part through the other replica
            RequestSpecification api = i % 2 == 0 ? Fixtures.as(m) : onReplica(m);
            JsonPath s = api.post("/api/v1/contests/" + contest + "/attempts")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            (i % 2 == 0 ? Fixtures.as(m) : onReplica(m))
                    .contentType(ContentType.JSON)
                    .body(Map.of("answers", ContestTestData.answers(s, rights[members.indexOf(m)])))
                    .post("/api/v1/contests/" + contest + "/attempts/" + s.getLong("attemptId") + "/answers")
                    .then()
                    .statusCode(200);
        }
        List<Long> ranking = Fixtures.query(
                "SELECT member_id FROM contest_best WHERE contest_id = ? ORDER BY score DESC, millis, answered_at, attempt_id",
                rs -> rs.getLong(1),
                contest);
        assertEquals(rights.length, ranking.size(), "every answer was in before the close");

        // at the close, this JVM's threads race both replicas' schedulers for the award
        await().atMost(Duration.ofSeconds(40))
                .until(() -> Fixtures.query(
                                "SELECT closes_at < UTC_TIMESTAMP(3) - INTERVAL 1 SECOND FROM contest WHERE id = ?",
                                rs -> rs.getBoolean(1),
                                contest)
                        .get(0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racers.add(() -> prizes.award(contest));
        }
        pool.invokeAll(racers);
        pool.shutdown();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Fixtures.query(
                                "SELECT awarded_at IS NOT NULL FROM contest WHERE id = ?",
                                rs -> rs.getBoolean(1),
                                contest)
                        .get(0));
        assertFalse(prizes.award(contest), "an awarded contest is not awarded again");

        List<List<Object>> awarded = Fixtures.query(
                "SELECT place, member_id, tier FROM contest_prize WHERE contest_id = ? ORDER BY place",
                rs -> List.<Object>of(rs.getInt(1), rs.getLong(2), rs.getString(3)),
                contest);
        List<List<Object>> expected = new ArrayList<>();
        String[] tiers = {"一等奖", "一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖"};
        for (int place = 1; place <= 7; place++) {
            expected.add(List.of(place, ranking.get(place - 1), tiers[place - 1]));
        }
        assertEquals(expected, awarded, "places follow the ranking order, ties included");
        for (int i = 0; i < ranking.size(); i++) {
            long member = ranking.get(i);
            assertEquals(
                    List.of(i < 7 ? 1L : 0L),
                    Fixtures.query(
                            "SELECT COUNT(*) FROM inbox_message WHERE member_id = ? AND kind = 'CONTEST_PRIZE' AND ref_id = ?",
                            rs -> rs.getLong(1),
                            member,
                            contest),
                    "one inbox entry per winner, none for the others");
        }

        Fixtures.MemberLogin first = members.stream()
                .filter(m -> m.id() == ranking.get(0))
                .findFirst()
                .orElseThrow();
        Fixtures.MemberLogin last = members.stream()
                .filter(m -> m.id() == ranking.get(ranking.size() - 1))
                .findFirst()
                .orElseThrow();
        onReplica(first)
                .get("/api/v1/contests/" + contest + "/prizes")
                .then()
                .statusCode(200)
                .body("status", is("AWARDED"))
                .body("mine.tier", is("一等奖"))
                .body("mine.rank", is(1))
                .body("tiers[0].winners[0].name", is("测**"))
                .body("tiers[2].winners.size()", is(3));
        JsonPath loser = Fixtures.as(last)
                .get("/api/v1/contests/" + contest + "/prizes")
                .then()
                .statusCode(200)
                .body("mine", nullValue())
                .extract()
                .jsonPath();
        assertTrue(loser.getList("tiers[0].winners").size() == 2, loser.prettify());
        Fixtures.as(last)
                .post("/api/v1/contests/" + contest + "/attempts")
                .then()
                .statusCode(409)
                .body("code", is("CONTEST_CLOSED"));
    }
}
