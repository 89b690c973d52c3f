package dev.zhijia.benefit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@Tag("redis")
class LotteryTest {

    @Inject
    ShiftableClock clock;

    @Inject
    Lottery lottery;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static long lotteryBenefit(int stock) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        String body = BenefitTestData.body(
                        Fixtures.unique("抽签"), stock, now.minusSeconds(1), now.plusHours(1), "", "{}")
                .replace("\"perMemberLimit\":1,", "\"perMemberLimit\":1,\"allocation\":\"LOTTERY\",");
        return BenefitTestData.create(body);
    }

    @Test
    void oneReplicaDrawsExactlyTotalStockWinnersAndAnyoneCanRecomputeThem() throws Exception {
        long benefit = lotteryBenefit(3);
        String commitment = given().get("/api/v1/benefits/" + benefit)
                .then()
                .body("allocation", is("LOTTERY"))
                .body("drawn", is(false))
                .extract()
                .path("drawSeedSha256");
        List<BulkMembers.Member> members = BulkMembers.verified(10, "", null);
        for (BulkMembers.Member m : members) {
            given().auth()
                    .oauth2(m.token())
                    .post("/api/v1/benefits/" + benefit + "/entries")
                    .then()
                    .statusCode(201);
        }
        given().auth()
                .oauth2(members.get(0).token())
                .post("/api/v1/benefits/" + benefit + "/entries")
                .then()
                .statusCode(409)
                .body("code", is("ALREADY_ENTERED"));
        given().auth()
                .oauth2(members.get(0).token())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(409)
                .body("code", is("BENEFIT_IS_LOTTERY"));
        given().get("/api/v1/benefits/" + benefit + "/draw")
                .then()
                .statusCode(409)
                .body("code", is("DRAW_PENDING"));
        assertTrue(!lottery.draw(benefit), "no draw before closing");

        clock.shift(Duration.ofHours(2));
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Callable<Boolean>> replicas = List.of(() -> lottery.draw(benefit), () -> lottery.draw(benefit));
        long drew = 0;
        for (Future<Boolean> f : two.invokeAll(replicas)) {
            drew += f.get() ? 1 : 0;
        }
        two.shutdown();
        assertEquals(1, drew, "exactly one replica draws");

        JsonPath draw = given().get("/api/v1/benefits/" + benefit + "/draw")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Long> tickets = draw.getList("tickets", Long.class);
        List<Long> winners = draw.getList("winners", Long.class);
        assertEquals(10, tickets.size());
        assertEquals(3, winners.size());
        assertEquals(commitment, sha256(draw.getString("seed")), "the seed is the one committed to before the entries");
        assertEquals(
                sha256(String.join("\n", tickets.stream().map(String::valueOf).toList())),
                draw.getString("entriesDigest"));
        assertEquals(recompute(draw.getString("seed"), tickets, 3), winners);

        int claims = 0;
        for (BulkMembers.Member m : members) {
            JsonPath inbox = given().auth()
                    .oauth2(m.token())
                    .get("/api/v1/me/inbox")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertEquals(1, inbox.getInt("unread"));
            assertEquals("LOTTERY_RESULT", inbox.getString("items[0].kind"));
            claims += given().auth()
                    .oauth2(m.token())
                    .get("/api/v1/me/claims")
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("items")
                    .size();
        }
        assertEquals(3, claims);
        given().get("/api/v1/benefits/" + benefit)
                .then()
                .body("remaining", is(0))
                .body("drawn", is(true));
        given().auth()
                .oauth2(members.get(0).token())
                .get("/api/v1/me/entries")
                .then()
                .statusCode(200)
                .body("[0].benefitId", is((int) benefit))
                .body("[0].won", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void fewerEntrantsThanUnitsAllWin() {
        long benefit = lotteryBenefit(5);
        List<BulkMembers.Member> members = BulkMembers.verified(2, "", null);
        members.forEach(m -> given().auth()
                .oauth2(m.token())
                .post("/api/v1/benefits/" + benefit + "/entries")
                .then()
                .statusCode(201));
        clock.shift(Duration.ofHours(2));
        assertTrue(lottery.draw(benefit));
        given().get("/api/v1/benefits/" + benefit + "/draw").then().body("winners.size()", is(2));
        given().auth()
                .oauth2(members.get(0).token())
                .post("/api/v1/benefits/" + benefit + "/entries")
                .then()
                .statusCode(409)
                .body("code", is("BENEFIT_CLOSED"));
    }

    @Test
    void theAlgorithmIsDeterministic() {
        List<Long> tickets = List.of(5L, 9L, 12L, 40L, 41L, 77L);
        assertEquals(LotteryDraw.winners("seed-a", tickets, 2), LotteryDraw.winners("seed-a", tickets, 2));
        assertEquals(recompute("seed-a", tickets, 2), LotteryDraw.winners("seed-a", tickets, 2));
        assertEquals(tickets, LotteryDraw.winners("seed-a", tickets, 10));
    }

    /** {@code n} members (no roster: the draw does not look) and their entries in one lottery, written in bulk. */
    private static void entrants(long benefit, int n) throws SQLException {
        String batch = Fixtures.unique("lot");
        try (Connection c =
                        Arc.container().instance(AgroalDataSource.class).get().getConnection();
                PreparedStatement member = c.prepareStatement(
                        "INSERT INTO member (openid, nickname, created_at) VALUES (?, '职工', NOW(3))");
                PreparedStatement entries =
                        c.prepareStatement("INSERT INTO benefit_entry (benefit_id, member_id, created_at)"
                                + " SELECT ?, id, NOW(3) FROM member WHERE openid LIKE ? ORDER BY id")) {
            for (int i = 0; i < n; i++) {
                member.setString(1, batch + "-" + i);
                member.addBatch();
            }
            member.executeBatch();
            entries.setLong(1, benefit);
            entries.setString(2, batch + "-%");
            assertEquals(n, entries.executeUpdate());
        }
    }

    /** Closes the lottery now (in SQL, so no scheduled draw starts before the test's own). */
    private static void close(long benefit) {
        sql("UPDATE benefit SET closes_at = NOW(3) - INTERVAL 1 SECOND WHERE id = ?", benefit);
    }

    private static int sql(String statement, Object... params) {
        try (Connection c =
                        Arc.container().instance(AgroalDataSource.class).get().getConnection();
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    private static long count(String query, Object... params) {
        return Fixtures.query(query, rs -> rs.getLong(1), params).get(0);
    }

    private static void awaitDrawn(long benefit) {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(java.time.Duration.ofMillis(50))
                .untilAsserted(
                        () -> given().get("/api/v1/benefits/" + benefit).then().body("drawn", is(true)));
    }

    /** What the published draw says, checked against the rows: one result per entrant, one claim per winner. */
    private static void assertSettledAsPublished(long benefit, int entrants, int stock) {
        JsonPath draw = given().get("/api/v1/benefits/" + benefit + "/draw")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Long> tickets = draw.getList("tickets", Long.class);
        List<Long> winners = draw.getList("winners", Long.class);
        assertEquals(entrants, tickets.size());
        assertEquals(
                sha256(String.join("\n", tickets.stream().map(String::valueOf).toList())),
                draw.getString("entriesDigest"));
        assertEquals(
                recompute(draw.getString("seed"), tickets, stock), winners, "the draw is the published algorithm's");
        assertEquals(
                stock,
                count("SELECT COUNT(*) FROM benefit_claim WHERE benefit_id = ? AND status = 'CLAIMED'", benefit));
        assertEquals(
                stock,
                count(
                        "SELECT COUNT(*) FROM benefit_claim c JOIN benefit_entry e ON e.benefit_id = c.benefit_id"
                                + " AND e.member_id = c.member_id WHERE c.benefit_id = ? AND e.won = TRUE",
                        benefit),
                "the claims are the winners'");
        assertEquals(0, count("SELECT COUNT(*) FROM benefit_entry WHERE benefit_id = ? AND won IS NULL", benefit));
        assertEquals(
                entrants,
                count("SELECT COUNT(*) FROM inbox_message WHERE kind = 'LOTTERY_RESULT' AND ref_id = ?", benefit));
        assertEquals(
                entrants,
                count(
                        "SELECT COUNT(DISTINCT member_id) FROM inbox_message WHERE kind = 'LOTTERY_RESULT' AND ref_id = ?",
                        benefit));
        given().get("/api/v1/benefits/" + benefit).then().body("remaining", is(0));
    }

    @Tag("heavy") // the main suite runs it; the Redis Cluster step leaves it out (scripts/test.sh)
    @Test
    void fiftyThousandEntrantsAreDrawnInChunksNextToTwoHundredThousandLiveCodes() throws Exception {
        long benefit = lotteryBenefit(5_000);
        entrants(benefit, 50_000);
        // 200,000 live codes of other benefits' claims (the entrants' own), spread over the code space
        List<Long> fillers = new java.util.ArrayList<>();
        for (int k = 0; k < 4; k++) {
            long other = lotteryBenefit(1);
            fillers.add(other);
            sql(
                    "INSERT INTO benefit_claim (benefit_id, member_id, live_member_id, code, live_code, status, redeem_by, created_at)"
                            + " SELECT ?, member_id, member_id, c, c, 'CLAIMED', NOW(3) + INTERVAL 30 DAY, NOW(3) FROM (SELECT member_id,"
                            + " LPAD(MOD(member_id * 7919 + ? * 25000000, 100000000), 8, '0') AS c FROM benefit_entry WHERE benefit_id = ?) x"
                            + " ON DUPLICATE KEY UPDATE id = id",
                    other,
                    k,
                    benefit);
        }
        assertTrue(count("SELECT COUNT(*) FROM benefit_claim WHERE live_code IS NOT NULL") >= 199_000);
        // and 1,000 claims past redeemBy whose codes the sweep frees
        long expired = lotteryBenefit(1);
        sql(
                "INSERT INTO benefit_claim (benefit_id, member_id, live_member_id, code, live_code, status, redeem_by, created_at)"
                        + " SELECT ?, member_id, member_id, c, c, 'CLAIMED', NOW(3) - INTERVAL 1 DAY, NOW(3) FROM (SELECT member_id,"
                        + " LPAD(MOD(member_id * 7919 + 13, 100000000), 8, '0') AS c FROM benefit_entry WHERE benefit_id = ? LIMIT 1000) x"
                        + " ON DUPLICATE KEY UPDATE id = id",
                expired,
                benefit);
        lottery.freeExpiredCodes();
        assertEquals(
                0, count("SELECT COUNT(*) FROM benefit_claim WHERE benefit_id = ? AND live_code IS NOT NULL", expired));
        assertTrue(
                count("SELECT COUNT(*) FROM benefit_claim WHERE benefit_id = ?", expired) > 0,
                "the claims stay, only their codes go");

        close(benefit);
        lottery.draw(benefit); // (or a scheduled draw on this replica: either way one finishes it)
        awaitDrawn(benefit);
        assertSettledAsPublished(benefit, 50_000, 5_000);
        // The fillers' codes would otherwise be live in every later test of this JVM (whose "wrong" guesses could hit
        // one).
        for (long other : fillers) {
            sql("DELETE FROM benefit_claim WHERE benefit_id = ?", other);
        }
    }

    @Test
    void aDrawCutOffBetweenChunksIsResumedToTheSameResult() throws Exception {
        long benefit = lotteryBenefit(300);
        entrants(benefit, 2_500);
        close(benefit);
        assertTrue(!lottery.draw(benefit, 1), "stopped after one chunk, as a crash would");
        long firstChunkLast =
                count("SELECT id FROM benefit_entry WHERE benefit_id = ? ORDER BY id LIMIT 999, 1", benefit);
        assertEquals(firstChunkLast, count("SELECT draw_progress FROM benefit WHERE id = ?", benefit));
        assertEquals(
                1_000,
                count("SELECT COUNT(*) FROM inbox_message WHERE kind = 'LOTTERY_RESULT' AND ref_id = ?", benefit));
        given().get("/api/v1/benefits/" + benefit + "/draw")
                .then()
                .statusCode(409)
                .body("code", is("DRAW_PENDING"));
        assertTrue(!lottery.draw(benefit), "the cut-off draw's lease still holds");

        clock.shift(Duration.ofSeconds(61)); // the lease lapses: the next run (this one or a scheduled one) resumes
        lottery.draw(benefit);
        awaitDrawn(benefit);
        assertSettledAsPublished(benefit, 2_500, 300);
    }

    /** The published algorithm, written out independently of the service's code. */
    private static List<Long> recompute(String seed, List<Long> tickets, int stock) {
        List<String[]> ranked = new ArrayList<>();
        for (Long t : tickets) {
            ranked.add(new String[] {sha256(seed + ":" + t), String.valueOf(t)});
        }
        ranked.sort((a, b) ->
                a[0].equals(b[0]) ? Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1])) : a[0].compareTo(b[0]));
        return ranked.subList(0, Math.min(stock, ranked.size())).stream()
                .map(r -> Long.parseLong(r[1]))
                .sorted()
                .toList();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
