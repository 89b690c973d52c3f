package dev.zhijia.benefit;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@Tag("redis")
class RedemptionTest {

    @Inject
    ShiftableClock clock;

    @Inject
    EntityManager em;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private record Setup(long station, long benefit, BulkMembers.Member member, long claimId, String code) {}

    private static Setup claimed() {
        long station = Fixtures.station(Fixtures.unique("核销站"));
        long benefit = BenefitTestData.openBenefit(10, Long.toString(station));
        BulkMembers.Member m = BulkMembers.verified(1, "", null).get(0);
        JsonPath c = given().auth()
                .oauth2(m.token())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Setup(station, benefit, m, c.getLong("claimId"), c.getString("code"));
    }

    private static ValidatableResponse verify(String staffToken, String code) {
        return given().auth()
                .oauth2(staffToken)
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\"}")
                .post("/api/v1/staff/verifications")
                .then();
    }

    @Test
    void staffOfAnEligibleStationRedeemOnce() {
        Setup s = claimed();
        String staff = Fixtures.staffToken(s.station());
        verify(staff, s.code())
                .statusCode(200)
                .body("kind", is("BENEFIT_CLAIM"))
                .body("memberName", is("会**"))
                .body("item", org.hamcrest.Matchers.startsWith("体检"));
        verify(staff, s.code())
                .statusCode(200)
                .body("repeat", is(true)); // the same counter retrying: same answer, flagged
        verify(Fixtures.staffToken(s.station()), s.code()).statusCode(409).body("code", is("CODE_ALREADY_USED"));
        given().auth()
                .oauth2(s.member().token())
                .get("/api/v1/me/claims")
                .then()
                .body("items[0].status", is("REDEEMED"));
        given().auth()
                .oauth2(s.member().token())
                .delete("/api/v1/me/claims/" + s.claimId())
                .then()
                .statusCode(409)
                .body("code", is("ALREADY_REDEEMED"));
        given().auth()
                .oauth2(staff)
                .get("/api/v1/staff/verifications")
                .then()
                .statusCode(200)
                .body("[0].kind", is("BENEFIT_CLAIM"))
                .body("[0].refId", is((int) s.claimId()))
                .body("[0].memberName", is("会**"))
                .body("[0].item", org.hamcrest.Matchers.startsWith("体检"));
        Number recorded = (Number) em.createNativeQuery(
                        "SELECT COUNT(*) FROM verification WHERE kind = 'BENEFIT_CLAIM' AND ref_id = ?1 AND station_id = ?2")
                .setParameter(1, s.claimId())
                .setParameter(2, s.station())
                .getSingleResult();
        assertEquals(1, recorded.intValue());
    }

    @Test
    void twoCountersRedeemingOneCodeAtOnceSucceedOnce() {
        Setup s = claimed();
        List<Burst.Call> calls = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> new Burst.Call(
                        "POST",
                        "/api/v1/staff/verifications",
                        Fixtures.staffToken(s.station()),
                        "{\"code\":\"" + s.code() + "\"}"))
                .toList();
        List<Burst.Answer> answers = Burst.fire(calls, 8);
        assertEquals(1, answers.stream().filter(a -> a.status() == 200).count(), answers.toString());
        assertEquals(
                7,
                answers.stream()
                        .filter(a -> a.status() == 409 && "CODE_ALREADY_USED".equals(a.code()))
                        .count(),
                answers.toString());
    }

    @Test
    void cancellationRacingRedemptionHasOneWinner() {
        for (int round = 0; round < 5; round++) {
            Setup s = claimed();
            String staff = Fixtures.staffToken(s.station());
            List<Burst.Answer> answers = Burst.fire(
                    List.of(
                            new Burst.Call(
                                    "POST", "/api/v1/staff/verifications", staff, "{\"code\":\"" + s.code() + "\"}"),
                            new Burst.Call(
                                    "DELETE",
                                    "/api/v1/me/claims/" + s.claimId(),
                                    s.member().token(),
                                    null)),
                    2);
            boolean redeemed = answers.get(0).status() == 200;
            boolean cancelled = answers.get(1).status() == 204;
            assertTrue(redeemed != cancelled, "exactly one of redeem/cancel must win: " + answers);
            given().get("/api/v1/benefits/" + s.benefit()).then().body("remaining", is(cancelled ? 10 : 9));
        }
    }

    @Test
    void wrongStationExpiredAndUnknownCodes() {
        Setup s = claimed();
        String elsewhere = Fixtures.staffToken(Fixtures.station(Fixtures.unique("别处")));
        verify(elsewhere, s.code()).statusCode(403).body("code", is("WRONG_STATION"));
        String staff = Fixtures.staffToken(s.station());
        verify(staff, "00000000".equals(s.code()) ? "00000001" : "00000000")
                .statusCode(404)
                .body("code", is("CODE_INVALID"));
        verify(staff, "12ab").statusCode(400).body("code", is("VALIDATION_FAILED"));
        clock.shift(Duration.ofDays(40));
        verify(staff, s.code()).statusCode(410).body("code", is("CODE_EXPIRED"));
        given().auth()
                .oauth2(s.member().token())
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + s.code() + "\"}")
                .post("/api/v1/staff/verifications")
                .then()
                .statusCode(403);
    }

    @Test
    void guessingCodesIsStoppedPerStaffAccount() {
        long station = Fixtures.station(Fixtures.unique("猜码站"));
        String staff = Fixtures.staffToken(station);
        for (int i = 0; i < 10; i++) {
            verify(staff, Fixtures.wrongCode(i)).statusCode(404).body("code", is("CODE_INVALID"));
        }
        verify(staff, Fixtures.wrongCode(99)).statusCode(429).body("code", is("TOO_MANY_ATTEMPTS"));
        // another account at another station is not affected
        verify(Fixtures.staffToken(Fixtures.station(Fixtures.unique("邻站"))), Fixtures.wrongCode(99))
                .statusCode(404);
    }
}
