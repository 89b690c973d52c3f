package dev.zhijia.benefit;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StationMap;
import dev.zhijia.testsupport.TestRedis;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The five flash-claim invariants of ARCHITECTURE.md, under real concurrency on the real servers. */
@QuarkusTest
@Tag("redis")
class FlashClaimTest {

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ShiftableClock clock;

    @Inject
    ClaimReconciler reconciler;

    @AfterEach
    void resetClock() {
        clock.reset();
        StationMap.awaitRebuilt(); // a test here may have emptied Redis: give the next test its station map back
    }

    private static Burst.Call claim(long benefitId, BulkMembers.Member m) {
        return new Burst.Call("POST", "/api/v1/benefits/" + benefitId + "/claims", m.token(), null);
    }

    private long liveClaims(long benefitId) {
        return ((Number) em.createNativeQuery(
                                "SELECT COUNT(*) FROM benefit_claim WHERE benefit_id = ?1 AND live_member_id IS NOT NULL")
                        .setParameter(1, benefitId)
                        .getSingleResult())
                .longValue();
    }

    private long distinctClaimants(long benefitId) {
        return ((Number) em.createNativeQuery(
                                "SELECT COUNT(DISTINCT member_id) FROM benefit_claim WHERE benefit_id = ?1 AND live_member_id IS NOT NULL")
                        .setParameter(1, benefitId)
                        .getSingleResult())
                .longValue();
    }

    private static Map<String, Long> tally(List<Burst.Answer> answers) {
        return answers.stream()
                .collect(Collectors.groupingBy(
                        a -> a.status() + (a.status() < 400 || a.code() == null ? "" : " " + a.code()),
                        Collectors.counting()));
    }

    @Test
    void twoThousandTapsOnAHundredUnitsMakeExactlyAHundredWinners() {
        long benefit = BenefitTestData.openBenefit(100, "");
        List<BulkMembers.Member> members = BulkMembers.verified(2000, "courier", "org-1");
        List<Burst.Call> calls =
                members.stream().map(m -> claim(benefit, m)).collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(calls);
        long started = System.nanoTime();
        List<Burst.Answer> answers = Burst.fire(calls, 200);
        System.out.printf(
                "2000 claims on 100 units: %d ms, %s%n", (System.nanoTime() - started) / 1_000_000, tally(answers));

        assertEquals(100, answers.stream().filter(a -> a.status() == 201).count());
        assertEquals(
                1900,
                answers.stream()
                        .filter(a -> a.status() == 409 && "BENEFIT_SOLD_OUT".equals(a.code()))
                        .count());
        assertEquals(100, liveClaims(benefit));
        assertEquals(100, distinctClaimants(benefit));
        given().get("/api/v1/benefits/" + benefit)
                .then()
                .body("remaining", is(0))
                .body("soldOutAt", notNullValue());
    }

    @Tag("heavy") // the main suite runs it; the Redis Cluster step leaves it out (scripts/test.sh)
    @Test
    void everyMemberTappingTwiceStillWinsAtMostOnce() {
        long benefit = BenefitTestData.openBenefit(100, "");
        List<BulkMembers.Member> members = BulkMembers.verified(1000, "rider", "org-2");
        List<Burst.Call> calls = new ArrayList<>();
        for (BulkMembers.Member m : members) {
            calls.add(claim(benefit, m));
            calls.add(claim(benefit, m));
        }
        Collections.shuffle(calls);
        List<Burst.Answer> answers = Burst.fire(calls, 200);
        System.out.printf("1000 members x 2 taps on 100 units: %s%n", tally(answers));
        assertEquals(100, answers.stream().filter(a -> a.status() == 201).count());
        assertTrue(
                answers.stream().allMatch(a -> a.status() == 201 || a.status() == 409),
                tally(answers).toString());
        assertEquals(100, liveClaims(benefit));
        assertEquals(100, distinctClaimants(benefit));
    }

    @Test
    void soldOutAndDuplicateTapsNeverReachMySql() throws Exception {
        long benefit = BenefitTestData.openBenefit(5, "");
        List<BulkMembers.Member> members = BulkMembers.verified(200, "", null);
        long writesBefore = Fixtures.innodbRowWrites();
        List<Burst.Call> calls =
                members.stream().map(m -> claim(benefit, m)).collect(Collectors.toCollection(ArrayList::new));
        members.subList(0, 50).forEach(m -> calls.add(claim(benefit, m)));
        List<Burst.Answer> answers = Burst.fire(calls, 100);
        long writes = Fixtures.innodbRowWrites() - writesBefore;
        System.out.printf("250 taps on 5 units: MySQL row writes %d%n", writes);
        assertEquals(5, answers.stream().filter(a -> a.status() == 201).count());
        // each winner: one benefit UPDATE, one claim INSERT, one +1 on the day's claim figure; nobody else writes
        assertTrue(writes <= 5 * 3, "MySQL writes: " + writes);
    }

    @Tag("heavy") // the main suite runs it; the Redis Cluster step leaves it out (scripts/test.sh)
    @Test
    void redisFlushedMidBurstNeverOversellsOrDuplicates() {
        long benefit = BenefitTestData.openBenefit(100, "");
        List<BulkMembers.Member> members = BulkMembers.verified(1500, "", null);
        List<Burst.Call> calls = new ArrayList<>();
        for (BulkMembers.Member m : members) {
            calls.add(claim(benefit, m));
        }
        members.subList(0, 500).forEach(m -> calls.add(claim(benefit, m)));
        Collections.shuffle(calls);
        Thread flusher = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            TestRedis.flush();
        });
        flusher.start();
        List<Burst.Answer> answers = Burst.fire(calls, 200);
        System.out.printf("burst with Redis flushed mid-way: %s%n", tally(answers));
        assertTrue(liveClaims(benefit) <= 100);
        assertEquals(liveClaims(benefit), distinctClaimants(benefit));
        assertTrue(
                answers.stream().noneMatch(a -> a.status() >= 500 && a.status() != 503),
                tally(answers).toString());
        long winners = answers.stream().filter(a -> a.status() == 201).count();
        assertEquals(winners, liveClaims(benefit), "every 201 has its MySQL row, and no row without a 201");

        reconciler.reconcile(benefit);
        given().get("/api/v1/benefits/" + benefit).then().body("remaining", is((int) (100 - liveClaims(benefit))));
    }

    @Test
    void aMySqlFailureOnCommitReleasesTheReservation() throws Exception {
        long benefit = BenefitTestData.openBenefit(3, "");
        BulkMembers.Member unlucky = BulkMembers.verified(1, "", null).get(0);
        // A real failure inside MySQL: a trigger that refuses this member's claim row.
        exec("CREATE TRIGGER fail_claim BEFORE INSERT ON benefit_claim FOR EACH ROW BEGIN IF NEW.member_id = "
                + unlucky.id() + " THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated failure'; END IF; END");
        try {
            given().auth()
                    .oauth2(unlucky.token())
                    .post("/api/v1/benefits/" + benefit + "/claims")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("code", is("CLAIM_NOT_RECORDED"));
        } finally {
            exec("DROP TRIGGER fail_claim");
        }
        given().get("/api/v1/benefits/" + benefit).then().body("remaining", is(3));
        given().auth().oauth2(unlucky.token()).get("/api/v1/me/claims").then().body("items.size()", is(0));
        given().auth()
                .oauth2(unlucky.token())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(201);
        given().get("/api/v1/benefits/" + benefit).then().body("remaining", is(2));
    }

    private void exec(String sql) throws Exception {
        try (var c = dataSource.getConnection();
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void claimRulesAnswerWithTheirCodes() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        long forCouriers = BenefitTestData.create(BenefitTestData.body(
                Fixtures.unique("快递员专享"),
                10,
                now.minusSeconds(1),
                now.plusHours(1),
                "",
                "{\"tags\":[\"courier\"],\"orgIds\":[]}"));
        long upcoming = BenefitTestData.create(
                BenefitTestData.body(Fixtures.unique("明天"), 10, now.plusDays(1), now.plusDays(2), "", "{}"));
        BulkMembers.Member courier = BulkMembers.verified(1, "courier", "org-9").get(0);
        BulkMembers.Member driver = BulkMembers.verified(1, "driver", "org-9").get(0);
        String unverified = Fixtures.newMember().accessToken();

        given().auth()
                .oauth2(unverified)
                .post("/api/v1/benefits/" + forCouriers + "/claims")
                .then()
                .statusCode(403)
                .body("code", is("NOT_VERIFIED"));
        given().auth()
                .oauth2(driver.token())
                .post("/api/v1/benefits/" + forCouriers + "/claims")
                .then()
                .statusCode(403)
                .body("code", is("NOT_ELIGIBLE"));
        given().auth()
                .oauth2(courier.token())
                .post("/api/v1/benefits/" + upcoming + "/claims")
                .then()
                .statusCode(409)
                .body("code", is("BENEFIT_NOT_OPEN"));
        JsonPath won = given().auth()
                .oauth2(courier.token())
                .post("/api/v1/benefits/" + forCouriers + "/claims")
                .then()
                .statusCode(201)
                .body("status", is("CLAIMED"))
                .body("code", org.hamcrest.Matchers.matchesPattern("\\d{8}"))
                .extract()
                .jsonPath();
        given().auth()
                .oauth2(courier.token())
                .post("/api/v1/benefits/" + forCouriers + "/claims")
                .then()
                .statusCode(409)
                .body("code", is("ALREADY_CLAIMED"))
                .body("claimId", is(won.getInt("claimId")));
        given().auth()
                .oauth2(courier.token())
                .get("/api/v1/me/claims")
                .then()
                .statusCode(200)
                .body("items[0].claimId", is(won.getInt("claimId")))
                .body("items[0].code", is(won.getString("code")));
        clock.shift(Duration.ofHours(2));
        BulkMembers.Member late = BulkMembers.verified(1, "courier", "org-9").get(0);
        given().auth()
                .oauth2(late.token())
                .post("/api/v1/benefits/" + forCouriers + "/claims")
                .then()
                .statusCode(409)
                .body("code", is("BENEFIT_CLOSED"));
        given().auth()
                .oauth2(late.token())
                .post("/api/v1/benefits/999999999/claims")
                .then()
                .statusCode(404)
                .body("code", is("BENEFIT_NOT_FOUND"));
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstResult() {
        long benefit = BenefitTestData.openBenefit(10, "");
        BulkMembers.Member m = BulkMembers.verified(1, "", null).get(0);
        Function<String, JsonPath> tap = key -> given().auth()
                .oauth2(m.token())
                .header("Idempotency-Key", key)
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .extract()
                .jsonPath();
        JsonPath first = tap.apply("k-1");
        JsonPath again = tap.apply("k-1");
        assertEquals(first.getLong("claimId"), again.getLong("claimId"));
        assertEquals(first.getString("code"), again.getString("code"));
        given().auth()
                .oauth2(m.token())
                .header("Idempotency-Key", "k-2")
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(409)
                .body("code", is("ALREADY_CLAIMED"));
        given().get("/api/v1/benefits/" + benefit).then().body("remaining", is(9));
    }

    @Test
    void cancellingReturnsTheUnitExactlyOnce() {
        long benefit = BenefitTestData.openBenefit(1, "");
        List<BulkMembers.Member> two = BulkMembers.verified(2, "", null);
        long claimId = given().auth()
                .oauth2(two.get(0).token())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("claimId");
        given().auth()
                .oauth2(two.get(1).token())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(409)
                .body("code", is("BENEFIT_SOLD_OUT"));
        given().auth()
                .oauth2(two.get(1).token())
                .delete("/api/v1/me/claims/" + claimId)
                .then()
                .statusCode(404)
                .body("code", is("CLAIM_NOT_FOUND"));
        given().auth()
                .oauth2(two.get(0).token())
                .delete("/api/v1/me/claims/" + claimId)
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(two.get(0).token())
                .delete("/api/v1/me/claims/" + claimId)
                .then()
                .statusCode(204);
        given().get("/api/v1/benefits/" + benefit).then().body("remaining", is(1));
        given().auth()
                .oauth2(two.get(1).token())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(201);
        given().get("/api/v1/benefits/" + benefit).then().body("remaining", is(0));
        assertEquals(1, liveClaims(benefit));
    }

    @Test
    void concurrentCancelsOfOneClaimReturnOneUnit() {
        long benefit = BenefitTestData.openBenefit(1, "");
        BulkMembers.Member m = BulkMembers.verified(1, "", null).get(0);
        long claimId = given().auth()
                .oauth2(m.token())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("claimId");
        List<Burst.Call> cancels =
                Collections.nCopies(20, new Burst.Call("DELETE", "/api/v1/me/claims/" + claimId, m.token(), null));
        Burst.fire(cancels, 20);
        given().get("/api/v1/benefits/" + benefit).then().body("remaining", is(1));
        em.clear();
        assertEquals(
                0,
                ((Number) em.createNativeQuery("SELECT claimed_count FROM benefit WHERE id = ?1")
                                .setParameter(1, benefit)
                                .getSingleResult())
                        .intValue());
    }
}
