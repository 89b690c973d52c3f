package dev.zhijia.helpdesk;

import java.util.List;
import java.util.Map;

import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StaffAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static dev.zhijia.helpdesk.HelpdeskTestData.API;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Nobody but the owner, the assigned caseworker and admins of the case's subtree can learn that a case exists:
 * every other role — another member, station staff, another caseworker, an admin of another district — gets on
 * every case route exactly what it gets for an id that does not exist (404 {@code CASE_NOT_FOUND}), and nothing
 * changes.
 */
@QuarkusTest
class CasePrivacyTest {

    private record World(
            long caseId,
            long attachmentId,
            Fixtures.MemberLogin owner,
            StaffAccounts.Login worker,
            Map<String, String> strangers) {}

    private static World world;

    private static synchronized World world() {
        if (world != null) {
            return world;
        }
        String org = HelpdeskTestData.org();
        String otherOrg = HelpdeskTestData.org();
        Fixtures.MemberLogin owner = Fixtures.verifiedMember("courier", org);
        long attachmentId = HelpdeskTestData.uploadPng(owner);
        long caseId = HelpdeskTestData.file(owner, attachmentId);
        StaffAccounts.Login worker = HelpdeskTestData.caseworker(org);
        HelpdeskTestData.assign(Fixtures.adminToken(), caseId, worker.id()).statusCode(200);
        HelpdeskTestData.move(worker.accessToken(), caseId, "IN_PROGRESS", null).statusCode(200);
        String otherAdminUser = Fixtures.unique("oadmin");
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "username",
                        otherAdminUser,
                        "password",
                        StaffAccounts.PASSWORD,
                        "displayName",
                        "别区管理员",
                        "stationIds",
                        List.of(),
                        "roles",
                        List.of("admin"),
                        "orgId",
                        otherOrg))
                .post(API + "/admin/staff")
                .then()
                .statusCode(201);
        Map<String, String> strangers = Map.of(
                "another member", Fixtures.verifiedMember("courier", org).accessToken(),
                "station staff",
                        StaffAccounts.create(List.of(Fixtures.station(Fixtures.unique("帮扶驿站"))))
                                .accessToken(),
                "another caseworker", HelpdeskTestData.caseworker(org).accessToken(),
                "admin of another district", Fixtures.login(otherAdminUser, StaffAccounts.PASSWORD));
        world = new World(caseId, attachmentId, owner, worker, strangers);
        return world;
    }

    /** Every case route, as one caller: the answer for the real case must be the answer for no case at all. */
    @TestFactory
    List<DynamicTest> everyOtherRoleGets404OnEveryCaseRoute() {
        World w = world();
        long missing = Long.MAX_VALUE / 2;
        return w.strangers().entrySet().stream()
                .flatMap(e -> routes().entrySet().stream()
                        .map(route -> DynamicTest.dynamicTest(e.getKey() + ": " + route.getKey(), () -> {
                            Response real = route.getValue().call(e.getValue(), w.caseId(), w.attachmentId());
                            Response none = route.getValue().call(e.getValue(), missing, w.attachmentId());
                            assertEquals(404, real.statusCode(), real.asString());
                            assertEquals("CASE_NOT_FOUND", real.jsonPath().getString("code"));
                            assertEquals(none.statusCode(), real.statusCode());
                            assertEquals(
                                    none.jsonPath().getString("code"),
                                    real.jsonPath().getString("code"));
                        })))
                .toList();
    }

    @Test
    void nothingChangedAndNoListShowsTheCase() {
        World w = world();
        Fixtures.as(w.owner())
                .get(API + "/cases/" + w.caseId())
                .then()
                .statusCode(200)
                .body("status", is("IN_PROGRESS"))
                .body("messages.size()", is(0))
                .body("rating", is((Object) null));
        given().auth()
                .oauth2(w.strangers().get("another member"))
                .get(API + "/me/cases")
                .then()
                .statusCode(200)
                .body("items.caseId", not(hasItem((int) w.caseId())));
        given().auth()
                .oauth2(w.strangers().get("another caseworker"))
                .get(API + "/caseworker/cases")
                .then()
                .statusCode(200)
                .body("items.caseId", not(hasItem((int) w.caseId())));
        given().auth()
                .oauth2(w.strangers().get("admin of another district"))
                .get(API + "/admin/cases?limit=100")
                .then()
                .statusCode(200)
                .body("items.caseId", not(hasItem((int) w.caseId())));
        for (String role : List.of("another member", "station staff", "another caseworker")) {
            given().auth()
                    .oauth2(w.strangers().get(role))
                    .get(API + "/admin/cases")
                    .then()
                    .statusCode(403);
        }
        given().auth()
                .oauth2(w.strangers().get("station staff"))
                .get(API + "/caseworker/cases")
                .then()
                .statusCode(403);
    }

    @Test
    void aCaseworkerTakenOffTheCaseOrDemotedSeesNothingAtOnce() {
        String org = HelpdeskTestData.org();
        Fixtures.MemberLogin owner = Fixtures.verifiedMember("courier", org);
        long caseId = HelpdeskTestData.file(owner);
        StaffAccounts.Login first = HelpdeskTestData.caseworker(org);
        StaffAccounts.Login second = HelpdeskTestData.caseworker(org);
        String admin = Fixtures.adminToken();
        HelpdeskTestData.assign(admin, caseId, first.id()).statusCode(200);
        given().auth()
                .oauth2(first.accessToken())
                .get(API + "/cases/" + caseId)
                .then()
                .statusCode(200);
        HelpdeskTestData.assign(admin, caseId, second.id()).statusCode(200).body("caseworkerId", is((int) second.id()));
        given().auth()
                .oauth2(first.accessToken())
                .get(API + "/cases/" + caseId)
                .then()
                .statusCode(404)
                .body("code", is("CASE_NOT_FOUND"));
        given().auth()
                .oauth2(second.accessToken())
                .get(API + "/cases/" + caseId)
                .then()
                .statusCode(200);

        // the role taken away: the old token stops at once; the new one is plain staff, who see no case
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("displayName", "李律师", "stationIds", List.of(), "roles", List.of("staff")))
                .put(API + "/admin/staff/" + second.id())
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(second.accessToken())
                .get(API + "/cases/" + caseId)
                .then()
                .statusCode(401);
        String asStaff = StaffAccounts.logIn(second.username())
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        given().auth()
                .oauth2(asStaff)
                .get(API + "/cases/" + caseId)
                .then()
                .statusCode(404)
                .body("code", is("CASE_NOT_FOUND"));
        // nor can an admin hand a case to an account that is not a caseworker
        HelpdeskTestData.assign(admin, caseId, second.id()).statusCode(404).body("code", is("CASEWORKER_NOT_FOUND"));
    }

    private interface Route {
        Response call(String token, long caseId, long attachmentId);
    }

    private static Map<String, Route> routes() {
        return Map.of(
                "GET /cases/{id}",
                (t, id, aid) -> given().auth().oauth2(t).get(API + "/cases/" + id),
                "POST /cases/{id}/messages",
                (t, id, aid) -> given().auth()
                        .oauth2(t)
                        .contentType(ContentType.JSON)
                        .body("{\"text\":\"我也想看看\",\"attachmentIds\":[]}")
                        .post(API + "/cases/" + id + "/messages"),
                "GET /cases/{id}/attachments/{aid}",
                (t, id, aid) -> given().auth().oauth2(t).get(API + "/cases/" + id + "/attachments/" + aid),
                "POST /cases/{id}/transitions RESOLVED",
                (t, id, aid) -> given().auth()
                        .oauth2(t)
                        .contentType(ContentType.JSON)
                        .body("{\"to\":\"RESOLVED\"}")
                        .post(API + "/cases/" + id + "/transitions"),
                "POST /cases/{id}/transitions WITHDRAWN",
                (t, id, aid) -> given().auth()
                        .oauth2(t)
                        .contentType(ContentType.JSON)
                        .body("{\"to\":\"WITHDRAWN\"}")
                        .post(API + "/cases/" + id + "/transitions"),
                "POST /cases/{id}/rating",
                (t, id, aid) -> given().auth()
                        .oauth2(t)
                        .contentType(ContentType.JSON)
                        .body("{\"score\":1}")
                        .post(API + "/cases/" + id + "/rating"));
    }
}
