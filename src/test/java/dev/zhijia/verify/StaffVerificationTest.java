package dev.zhijia.verify;

import java.time.Duration;

import dev.zhijia.benefit.BenefitTestData;
import dev.zhijia.notify.LiveClient;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counter's one endpoint for any code: which station a verification counts at, and the member's
 * phone hearing of it. Claim redemption itself is in benefit/RedemptionTest, water pickups in water/.
 */
@QuarkusTest
class StaffVerificationTest {

    private record Claimed(BulkMembers.Member member, long claimId, String code) {}

    private static Claimed claim(String stationIds) {
        long benefit = BenefitTestData.openBenefit(5, stationIds);
        BulkMembers.Member m = BulkMembers.verified(1, "", null).get(0);
        JsonPath c = given().auth()
                .oauth2(m.token())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Claimed(m, c.getLong("claimId"), c.getString("code"));
    }

    private static ValidatableResponse verify(String staffToken, String code, Long stationId) {
        return given().auth()
                .oauth2(staffToken)
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\"" + (stationId == null ? "" : ",\"stationId\":" + stationId) + "}")
                .post("/api/v1/staff/verifications")
                .then();
    }

    @Test
    void staffOfSeveralStationsSayWhereTheyStandAndOnlyTheirOwnStationsCount() {
        long a = Fixtures.station(Fixtures.unique("甲站"));
        long b = Fixtures.station(Fixtures.unique("乙站"));
        long notMine = Fixtures.station(Fixtures.unique("丙站"));
        Claimed c = claim(a + "," + b);
        String staff = Fixtures.staffToken(a, b);

        verify(staff, c.code(), null)
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"))
                .body("violations[0].field", is("stationId"));
        verify(staff, c.code(), notMine).statusCode(403).body("code", is("NOT_YOUR_STATION"));
        verify(staff, c.code(), b)
                .statusCode(200)
                .body("kind", is("BENEFIT_CLAIM"))
                .body("stationId", is((int) b))
                .body("refId", is((int) c.claimId()));
        given().auth()
                .oauth2(staff)
                .get("/api/v1/staff/verifications")
                .then()
                .statusCode(200)
                .body("[0].refId", is((int) c.claimId()))
                .body("[0].stationId", is((int) b));
        given().auth()
                .oauth2(Fixtures.staffToken(notMine))
                .get("/api/v1/staff/verifications")
                .then()
                .statusCode(200)
                .body("size()", is(0));
    }

    @Test
    void theMembersPhoneHearsAtOnceThatItsClaimWasRedeemed() {
        long station = Fixtures.station(Fixtures.unique("核销站"));
        Claimed c = claim(Long.toString(station));
        try (LiveClient phone =
                LiveClient.withHeader(RestAssured.port, c.member().token(), null)) {
            verify(Fixtures.staffToken(station), c.code(), null).statusCode(200);
            JsonPath told = phone.awaitType("verified", Duration.ofSeconds(5)).json();
            assertEquals("BENEFIT_CLAIM", told.getString("kind"));
            assertEquals(c.claimId(), told.getLong("refId"));
            assertEquals(station, told.getLong("stationId"));
            assertTrue(told.getString("item").startsWith("体检"), told.getString("item"));
            assertNull(told.getString("prize"));
        }
    }
}
