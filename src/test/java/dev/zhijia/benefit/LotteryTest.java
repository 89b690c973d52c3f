package dev.zhijia.benefit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;

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
        String body = BenefitTestData.body(Fixtures.unique("抽签"), stock, now.minusSeconds(1), now.plusHours(1), "", "{}")
                .replace("\"perMemberLimit\":1,", "\"perMemberLimit\":1,\"allocation\":\"LOTTERY\",");
        return BenefitTestData.create(body);
    }

    @Test
    void oneReplicaDrawsExactlyTotalStockWinnersAndAnyoneCanRecomputeThem() throws Exception {
        long benefit = lotteryBenefit(3);
        String commitment = given().get("/api/v1/benefits/" + benefit).then().body("allocation", is("LOTTERY")).body("drawn", is(false))
                .extract().path("drawSeedSha256");
        List<BulkMembers.Member> members = BulkMembers.verified(10, "", null);
        for (BulkMembers.Member m : members) {
            given().auth().oauth2(m.token()).post("/api/v1/benefits/" + benefit + "/entries").then().statusCode(201);
        }
        given().auth().oauth2(members.get(0).token()).post("/api/v1/benefits/" + benefit + "/entries").then().statusCode(409)
                .body("code", is("ALREADY_ENTERED"));
        given().auth().oauth2(members.get(0).token()).post("/api/v1/benefits/" + benefit + "/claims").then().statusCode(409)
                .body("code", is("BENEFIT_IS_LOTTERY"));
        given().get("/api/v1/benefits/" + benefit + "/draw").then().statusCode(409).body("code", is("DRAW_PENDING"));
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

        JsonPath draw = given().get("/api/v1/benefits/" + benefit + "/draw").then().statusCode(200).extract().jsonPath();
        List<Long> tickets = draw.getList("tickets", Long.class);
        List<Long> winners = draw.getList("winners", Long.class);
        assertEquals(10, tickets.size());
        assertEquals(3, winners.size());
        assertEquals(commitment, sha256(draw.getString("seed")), "the seed is the one committed to before the entries");
        assertEquals(sha256(String.join("\n", tickets.stream().map(String::valueOf).toList())), draw.getString("entriesDigest"));
        assertEquals(recompute(draw.getString("seed"), tickets, 3), winners);

        int claims = 0;
        for (BulkMembers.Member m : members) {
            JsonPath inbox = given().auth().oauth2(m.token()).get("/api/v1/me/inbox").then().statusCode(200).extract().jsonPath();
            assertEquals(1, inbox.getInt("unread"));
            assertEquals("LOTTERY_RESULT", inbox.getString("items[0].kind"));
            claims += given().auth().oauth2(m.token()).get("/api/v1/me/claims").then().extract().jsonPath().getList("items").size();
        }
        assertEquals(3, claims);
        given().get("/api/v1/benefits/" + benefit).then().body("remaining", is(0)).body("drawn", is(true));
        given().auth().oauth2(members.get(0).token()).get("/api/v1/me/entries").then().statusCode(200)
                .body("[0].benefitId", is((int) benefit)).body("[0].won", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void fewerEntrantsThanUnitsAllWin() {
        long benefit = lotteryBenefit(5);
        List<BulkMembers.Member> members = BulkMembers.verified(2, "", null);
        members.forEach(m -> given().auth().oauth2(m.token()).post("/api/v1/benefits/" + benefit + "/entries").then().statusCode(201));
        clock.shift(Duration.ofHours(2));
        assertTrue(lottery.draw(benefit));
        given().get("/api/v1/benefits/" + benefit + "/draw").then().body("winners.size()", is(2));
        given().auth().oauth2(members.get(0).token()).post("/api/v1/benefits/" + benefit + "/entries").then().statusCode(409)
                .body("code", is("BENEFIT_CLOSED"));
    }

    @Test
    void theAlgorithmIsDeterministic() {
        List<Long> tickets = List.of(5L, 9L, 12L, 40L, 41L, 77L);
        assertEquals(LotteryDraw.winners("seed-a", tickets, 2), LotteryDraw.winners("seed-a", tickets, 2));
        assertEquals(recompute("seed-a", tickets, 2), LotteryDraw.winners("seed-a", tickets, 2));
        assertEquals(tickets, LotteryDraw.winners("seed-a", tickets, 10));
    }

    /** The published algorithm, written out independently of the service's code. */
    private static List<Long> recompute(String seed, List<Long> tickets, int stock) {
        List<String[]> ranked = new ArrayList<>();
        for (Long t : tickets) {
            ranked.add(new String[] { sha256(seed + ":" + t), String.valueOf(t) });
        }
        ranked.sort((a, b) -> a[0].equals(b[0]) ? Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1])) : a[0].compareTo(b[0]));
        return ranked.subList(0, Math.min(stock, ranked.size())).stream().map(r -> Long.parseLong(r[1])).sorted().toList();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
