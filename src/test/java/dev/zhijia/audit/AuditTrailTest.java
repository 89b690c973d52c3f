package dev.zhijia.audit;

import java.time.Duration;

import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.Management;
import dev.zhijia.testsupport.StaffAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class AuditTrailTest {

    @Test
    void everyStaffAndAdminWriteIsRecordedWithWhoWhatWhereAndOutcome() {
        String admin = Fixtures.adminToken();
        long station = Fixtures.station(Fixtures.unique("审计站"));
        String staff = Fixtures.staffToken(station);
        given().auth()
                .oauth2(staff)
                .contentType(ContentType.JSON)
                .body("{\"bottles\":5}")
                .post("/api/v1/staff/stations/" + station + "/restock")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(staff)
                .contentType(ContentType.JSON)
                .body("{\"bottles\":5}")
                .post("/api/v1/staff/stations/999999/restock")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/admin/stations/" + station)
                .then()
                .statusCode(204);

        JsonPath byStaff = given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/audit?actor=" + StaffAccounts.subjectOf(staff))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        org.hamcrest.MatcherAssert.assertThat(
                byStaff.getList("items.action"), hasItem("POST /staff/stations/{id}/restock"));
        org.hamcrest.MatcherAssert.assertThat(byStaff.getList("items.target"), hasItem("id=" + station));
        org.hamcrest.MatcherAssert.assertThat(byStaff.getList("items.status"), hasItem(403));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/audit?action=DELETE /admin/stations&limit=100")
                .then()
                .statusCode(200)
                .body("items.target", hasItem("id=" + station))
                .body("items[0].actorRole", is("admin"));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/audit?action=POST /admin/stations&limit=1")
                .then()
                .body("items.size()", is(1));
    }

    @Test
    void membersAndReadsAreNotAuditedAndOnlyAdminsReadTheLog() {
        String member = Fixtures.newMember().accessToken();
        given().auth().oauth2(member).get("/api/v1/admin/audit").then().statusCode(403);
        given().auth()
                .oauth2(Fixtures.staffToken(Fixtures.station(Fixtures.unique("站"))))
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(Fixtures.adminToken())
                .get("/api/v1/admin/audit?actor=" + StaffAccounts.subjectOf(member))
                .then()
                .statusCode(200)
                .body("items.size()", is(0));
    }

    /**
     * Walks every staff and admin write the OpenAPI document lists, with input each refuses (an unknown id, an
     * empty body): each answer is a 4xx problem, never a 5xx, and each leaves its audit row.
     */
    @Test
    void everyWriteEndpointInTheApiLeavesAnAuditRowEvenWhenRefused() {
        String admin = Fixtures.adminToken();
        String staff = Fixtures.staffToken(Fixtures.station(Fixtures.unique("审计全站")));
        java.util.Map<String, java.util.Map<String, Object>> paths = Management.given()
                .accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("paths");
        java.util.List<String> walked = new java.util.ArrayList<>();
        paths.forEach((path, operations) -> {
            String route = path.replaceFirst("^/api/v1", "");
            boolean adminRoute = route.startsWith("/admin/");
            if (!adminRoute && !route.startsWith("/staff/")) {
                return;
            }
            for (String method : operations.keySet()) {
                if (!java.util.Set.of("post", "put", "patch", "delete").contains(method)) {
                    continue;
                }
                String concrete = path.replaceAll("\\{[^}]+}", "987654321");
                int status = given().auth()
                        .oauth2(adminRoute ? admin : staff)
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .request(method.toUpperCase(), concrete)
                        .then()
                        .extract()
                        .statusCode();
                org.junit.jupiter.api.Assertions.assertTrue(
                        status < 500, method + " " + concrete + " answered " + status);
                String action = method.toUpperCase() + " " + route;
                // refusals before routing (a wrong media type) are written just after the answer, under the path
                // as requested: no resource matched, so there is no route template to name
                String unrouted = method.toUpperCase() + " " + concrete.replaceFirst("^/api/v1", "");
                await().atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(50))
                        .untilAsserted(() -> {
                            java.util.List<Integer> statuses = new java.util.ArrayList<>();
                            for (String named : new java.util.LinkedHashSet<>(java.util.List.of(action, unrouted))) {
                                statuses.addAll(given().auth()
                                        .oauth2(admin)
                                        .queryParam("action", named)
                                        .queryParam("limit", 100)
                                        .get("/api/v1/admin/audit")
                                        .then()
                                        .statusCode(200)
                                        .extract()
                                        .jsonPath()
                                        .getList("items.status", Integer.class));
                            }
                            org.junit.jupiter.api.Assertions.assertTrue(
                                    statuses.contains(status), action + " (" + status + ") audited: " + statuses);
                        });
                walked.add(action);
            }
        });
        org.junit.jupiter.api.Assertions.assertTrue(
                walked.size() >= 17, "write endpoints walked (17 when written): " + walked);
        org.hamcrest.MatcherAssert.assertThat(walked, hasItem("POST /admin/stats/rollups/rebuild"));

        // and writes to no route at all
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/admin/no-such-thing")
                .then()
                .statusCode(404);
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .queryParam("action", "POST /admin/no-such-thing")
                        .get("/api/v1/admin/audit")
                        .then()
                        .body("items[0].status", is(404)));
    }
}
