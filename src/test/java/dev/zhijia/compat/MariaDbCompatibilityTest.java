package dev.zhijia.compat;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.MariaDbProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Production runs MySQL 8; the local servers here run MariaDB 10.11. The same migrations and journeys
 * must work on both (MySqlTestResource points this profile at the MariaDB on 127.0.0.1:3306).
 */
@QuarkusTest
@TestProfile(MariaDbProfile.class)
class MariaDbCompatibilityTest {

    @Inject
    EntityManager em;

    @Test
    void runsOnMariaDb() {
        String version = (String) em.createNativeQuery("SELECT VERSION()").getSingleResult();
        assertTrue(version.contains("MariaDB"), "this profile must run on MariaDB, got " + version);
    }

    @Test
    void foundationJourneysWork() {
        String card = Fixtures.unique("MDB");
        Fixtures.asAdmin()
                .contentType("text/csv; charset=UTF-8")
                .body("\uFEFF姓名,会员卡号,手机号,组织,标签\n欧阳娜娜," + card + ",13812345678,org-1,rider;courier\n")
                .post("/api/v1/admin/roster")
                .then()
                .statusCode(200)
                .body("imported", is(1));
        Fixtures.MemberLogin m = Fixtures.newMember();
        given().auth()
                .oauth2(m.accessToken())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"欧阳娜娜\",\"cardNo\":\"" + card + "\"}")
                .post("/api/v1/me/verification")
                .then()
                .statusCode(200)
                .body("verified", is(true))
                .body("name", is("欧阳娜娜"))
                .body("tags", hasItems("courier", "rider"));
        Fixtures.MemberLogin other = Fixtures.newMember();
        given().auth()
                .oauth2(other.accessToken())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"欧阳娜娜\",\"cardNo\":\"" + card + "\"}")
                .post("/api/v1/me/verification")
                .then()
                .statusCode(409)
                .body("code", is("CARD_ALREADY_BOUND"));
        String next = refresh(m.refreshToken()).statusCode(200).extract().path("refreshToken");
        refresh(next).statusCode(200);
        // reused after its successor was used (not a retry within the grace): theft, and the account is signed out
        refresh(m.refreshToken()).statusCode(401).body("code", is("REFRESH_TOKEN_REUSED"));
        given().auth().oauth2(m.accessToken()).get("/api/v1/me").then().statusCode(401);
    }

    /** Every write that locks a row (Hibernate's FOR UPDATE OF is refused by MariaDB) and the water/claim/lottery paths. */
    @Test
    void lockingWritesAndTheFeatureJourneysWork() {
        String admin = Fixtures.adminToken();
        long station = Fixtures.station(Fixtures.unique("兼容站"));
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"name\":\"兼容站2\",\"type\":\"WATER_STATION\",\"lat\":31.23,\"lng\":121.47,"
                        + "\"hours\":{\"open24h\":true},\"waterStock\":100}")
                .put("/api/v1/admin/stations/" + station)
                .then()
                .statusCode(200);
        String staff = Fixtures.staffToken(station);
        given().auth()
                .oauth2(staff)
                .contentType(ContentType.JSON)
                .body("{\"bottles\":5}")
                .post("/api/v1/staff/stations/" + station + "/restock")
                .then()
                .statusCode(200)
                .body("waterStock", is(105));

        // join application approved → verified member
        Fixtures.MemberLogin applicant = Fixtures.newMember();
        long app = created(
                applicant.accessToken(),
                "/api/v1/me/join-application",
                "{\"name\":\"王五\",\"phone\":\"13912345678\",\"employer\":\"顺丰\",\"occupation\":\"快递员\"}");
        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/join-applications/" + app + "/approve")
                .then()
                .statusCode(200);

        // water: check in, code, verify
        String checkin = given().auth()
                .oauth2(staff)
                .get("/api/v1/stations/" + station + "/checkin-token")
                .then()
                .extract()
                .path("token");
        String code = given().auth()
                .oauth2(applicant.accessToken())
                .contentType(ContentType.JSON)
                .body("{\"stationId\":" + station + ",\"checkinToken\":\"" + checkin + "\"}")
                .post("/api/v1/water/pickups")
                .then()
                .statusCode(201)
                .extract()
                .path("code");
        verify(staff, code, "WATER_PICKUP").body("memberName", is("王*"));

        // review and report
        given().auth()
                .oauth2(applicant.accessToken())
                .contentType(ContentType.JSON)
                .body("{\"score\":5}")
                .post("/api/v1/stations/" + station + "/reviews")
                .then()
                .statusCode(201);
        long report =
                created(applicant.accessToken(), "/api/v1/stations/" + station + "/reports", "{\"kind\":\"UNCLEAN\"}");
        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/reports/" + report + "/resolve")
                .then()
                .statusCode(200);

        // benefit: update before opening is a locking write; then claim and redeem an open one
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8));
        String later = "{\"title\":\"体检\",\"totalStock\":5,\"opensAt\":\"" + now.plusDays(1) + "\",\"closesAt\":\""
                + now.plusDays(2) + "\",\"redeemBy\":\"" + now.plusDays(9) + "\",\"stationIds\":[" + station + "]}";
        long upcoming = created(admin, "/api/v1/admin/benefits", later);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(later.replace("\"totalStock\":5", "\"totalStock\":6"))
                .put("/api/v1/admin/benefits/" + upcoming)
                .then()
                .statusCode(200)
                .body("totalStock", is(6));
        String open =
                later.replace(now.plusDays(1).toString(), now.minusSeconds(1).toString());
        long benefit = created(admin, "/api/v1/admin/benefits", open);
        String claimCode = given().auth()
                .oauth2(applicant.accessToken())
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(201)
                .extract()
                .path("code");
        verify(staff, claimCode, "BENEFIT_CLAIM");

        // campaigns: editing a draft, publishing, signing up and cancelling each lock the campaign row
        String event =
                "{\"kind\":\"EVENT\",\"title\":\"联谊会\",\"body\":\"周日下午\",\"audience\":{\"tags\":[],\"orgIds\":[]},"
                        + "\"event\":{\"startsAt\":\"" + now.plusDays(3)
                        + "\",\"location\":\"人民公园\",\"capacity\":1,\"signupDeadline\":\""
                        + now.plusDays(2) + "\"}}";
        long campaign = created(admin, "/api/v1/admin/campaigns", event);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(event.replace("联谊会", "职工联谊会"))
                .put("/api/v1/admin/campaigns/" + campaign)
                .then()
                .statusCode(200)
                .body("title", is("职工联谊会"));
        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/campaigns/" + campaign + "/publish")
                .then()
                .statusCode(200)
                .body("status", is("PUBLISHED"));
        given().auth()
                .oauth2(applicant.accessToken())
                .post("/api/v1/campaigns/" + campaign + "/signups")
                .then()
                .statusCode(201)
                .body("status", is("CONFIRMED"));
        given().auth()
                .oauth2(applicant.accessToken())
                .delete("/api/v1/campaigns/" + campaign + "/signups")
                .then()
                .statusCode(204);

        // figures from the rollups, as written live and as re-derived from the rows (bit masks, upserts, INSERT …
        // SELECT)
        io.restassured.path.json.JsonPath live = given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/overview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String figure : List.of("waterPickups", "redemptions", "claims", "peopleServed")) {
            assertTrue(live.getLong(figure) >= 1, figure + ": " + live.prettify());
        }
        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/stats/rollups/rebuild")
                .then()
                .statusCode(200)
                .body("days", is(1));
        var rebuilt = given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/overview")
                .then()
                .statusCode(200);
        for (String figure : List.of("peopleServed", "waterPickups", "claims")) {
            rebuilt.body(figure, is(live.getInt(figure)));
        }
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/overview?from="
                        + java.time.LocalDate.now().minusDays(40) + "&to="
                        + java.time.LocalDate.now().plusDays(1))
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/admin/stations/" + station)
                .then()
                .statusCode(204);
    }

    private static ValidatableResponse refresh(String refreshToken) {
        return given().contentType(ContentType.JSON)
                .body("{\"refreshToken\":\"" + refreshToken + "\"}")
                .post("/api/v1/auth/refresh")
                .then();
    }

    /** POSTs this JSON as this caller; 201 and the new object's id. */
    private static long created(String token, String path, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    /** Staff verify a code; 200 and it was of this kind. */
    private static ValidatableResponse verify(String staff, String code, String kind) {
        return given().auth()
                .oauth2(staff)
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\"}")
                .post("/api/v1/staff/verifications")
                .then()
                .statusCode(200)
                .body("kind", is(kind));
    }
}
