package dev.zhijia.staff;

import java.util.List;
import java.util.Map;

import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StaffAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static dev.zhijia.testsupport.Fixtures.asAdmin;
import static dev.zhijia.testsupport.Fixtures.station;
import static dev.zhijia.testsupport.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/** API.md: staff disable / enable / PUT take effect at once, not at token expiry. */
@QuarkusTest
class StaffAccessTest {

    @Test
    void disablingSignsTheAccountOutAtOnceAndEnablingLetsItLogInAgain() {
        long stationId = station(unique("停用站"));
        StaffAccounts.Login staff = StaffAccounts.create(List.of(stationId));
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/staff/stations")
                .then()
                .statusCode(200);

        asAdmin()
                .post("/api/v1/admin/staff/" + staff.id() + "/disable")
                .then()
                .statusCode(200)
                .body("id", is((int) staff.id()))
                .body("disabled", is(true));
        // the very next request: the access token this replica had already verified is refused
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/staff/stations")
                .then()
                .statusCode(401)
                .body("code", is("UNAUTHENTICATED"));
        StaffAccounts.refresh(staff.refreshToken()).then().statusCode(401).body("code", is("REFRESH_TOKEN_INVALID"));
        StaffAccounts.logIn(staff.username()).then().statusCode(401).body("code", is("INVALID_CREDENTIALS"));
        asAdmin()
                .post("/api/v1/admin/staff/" + staff.id() + "/disable")
                .then()
                .statusCode(200)
                .body("disabled", is(true));

        asAdmin()
                .post("/api/v1/admin/staff/" + staff.id() + "/enable")
                .then()
                .statusCode(200)
                .body("disabled", is(false));
        String fresh = StaffAccounts.logIn(staff.username())
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        given().auth().oauth2(fresh).get("/api/v1/staff/stations").then().statusCode(200);
        // sessions the disable ended stay ended
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/staff/stations")
                .then()
                .statusCode(401);
        StaffAccounts.refresh(staff.refreshToken()).then().statusCode(401);

        String adminSubject = StaffAccounts.subjectOf(Fixtures.adminToken());
        await().atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(50))
                .untilAsserted(() -> asAdmin()
                        .queryParam("actor", adminSubject)
                        .queryParam("action", "POST /admin/staff/{id}/disable")
                        .queryParam("limit", 100)
                        .get("/api/v1/admin/audit")
                        .then()
                        .statusCode(200)
                        .body("items.findAll { it.target == 'id=" + staff.id() + "' }.status", contains(200, 200)));
        asAdmin()
                .queryParam("actor", adminSubject)
                .queryParam("action", "POST /admin/staff/{id}/enable")
                .queryParam("limit", 100)
                .get("/api/v1/admin/audit")
                .then()
                .body("items.findAll { it.target == 'id=" + staff.id() + "' }.size()", is(1));
    }

    @Test
    void aChangedRoleTakesEffectAtOnceAndTheNextRefreshCarriesIt() {
        StaffAccounts.Login staff = StaffAccounts.create(List.of());
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/admin/staff")
                .then()
                .statusCode(403);

        update(staff.id(), "站长", List.of(), List.of("admin"))
                .statusCode(200)
                .body("role", is("admin"))
                .body("displayName", is("站长"));
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/staff/stations")
                .then()
                .statusCode(401);
        JsonPath promoted = StaffAccounts.refresh(staff.refreshToken())
                .then()
                .statusCode(200)
                .body("role", is("admin"))
                .extract()
                .jsonPath();
        given().auth()
                .oauth2(promoted.getString("accessToken"))
                .get("/api/v1/admin/staff")
                .then()
                .statusCode(200);

        update(staff.id(), "站员", List.of(), List.of("staff")).statusCode(200).body("role", is("staff"));
        given().auth()
                .oauth2(promoted.getString("accessToken"))
                .get("/api/v1/admin/staff")
                .then()
                .statusCode(401);
        String demoted = StaffAccounts.refresh(promoted.getString("refreshToken"))
                .then()
                .statusCode(200)
                .body("role", is("staff"))
                .extract()
                .path("accessToken");
        given().auth().oauth2(demoted).get("/api/v1/admin/staff").then().statusCode(403);
    }

    @Test
    void aRemovedStationIsRefusedFromTheNextRequestOn() {
        long kept = station(unique("留站"));
        long removed = station(unique("撤站"));
        StaffAccounts.Login staff = StaffAccounts.create(List.of(kept, removed));
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/stations/" + removed + "/checkin-token")
                .then()
                .statusCode(200);

        update(staff.id(), "站员", List.of(kept), List.of("staff"))
                .statusCode(200)
                .body("stationIds", contains((int) kept));
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/stations/" + removed + "/checkin-token")
                .then()
                .statusCode(403)
                .body("code", is("NOT_YOUR_STATION"));
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/stations/" + kept + "/checkin-token")
                .then()
                .statusCode(200);

        update(staff.id(), "站员", List.of(kept, removed), List.of("staff")).statusCode(200);
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/stations/" + removed + "/checkin-token")
                .then()
                .statusCode(200);
    }

    @Test
    void refusedChangesChangeNothing() {
        long stationId = station(unique("拒站"));
        StaffAccounts.Login staff = StaffAccounts.create(List.of(stationId));
        long adminId =
                Long.parseLong(StaffAccounts.subjectOf(Fixtures.adminToken()).substring("staff:".length()));

        asAdmin()
                .post("/api/v1/admin/staff/" + adminId + "/disable")
                .then()
                .statusCode(409)
                .body("code", is("OWN_ACCOUNT"));
        update(adminId, "管理员", List.of(), List.of("staff")).statusCode(409).body("code", is("OWN_ACCOUNT"));
        asAdmin()
                .post("/api/v1/admin/staff/9000000000/disable")
                .then()
                .statusCode(404)
                .body("code", is("STAFF_NOT_FOUND"));
        update(9_000_000_000L, "无", List.of(), List.of("staff")).statusCode(404).body("code", is("STAFF_NOT_FOUND"));
        update(staff.id(), "站员", List.of(), List.of("owner"))
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"))
                .body("violations.field", contains("roles"));
        update(staff.id(), "站员", List.of(), List.of()).statusCode(400).body("code", is("VALIDATION_FAILED"));
        update(staff.id(), "改名", List.of(9_000_000_000L), List.of("staff"))
                .statusCode(400)
                .body("code", is("UNKNOWN_STATION"));
        given().auth()
                .oauth2(staff.accessToken())
                .post("/api/v1/admin/staff/" + staff.id() + "/enable")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(staff.accessToken())
                .contentType(ContentType.JSON)
                .body(Map.of("displayName", "我", "stationIds", List.of(), "roles", List.of("admin")))
                .put("/api/v1/admin/staff/" + staff.id())
                .then()
                .statusCode(403);

        asAdmin()
                .get("/api/v1/admin/staff?limit=100")
                .then()
                .body("items.find { it.id == " + staff.id() + " }.displayName", is("站员"))
                .body("items.find { it.id == " + staff.id() + " }.role", is("staff"))
                .body("items.find { it.id == " + staff.id() + " }.stationIds", contains((int) stationId));
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/staff/stations")
                .then()
                .statusCode(200);
    }

    private static ValidatableResponse update(long id, String displayName, List<Long> stationIds, List<String> roles) {
        return asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("displayName", displayName, "stationIds", stationIds, "roles", roles))
                .put("/api/v1/admin/staff/" + id)
                .then();
    }
}
