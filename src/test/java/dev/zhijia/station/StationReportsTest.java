package dev.zhijia.station;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class StationReportsTest {

    @Inject
    ShiftableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static ValidatableResponse report(String token, long station, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/stations/" + station + "/reports")
                .then();
    }

    private static long reportId(String token, long station, String kind) {
        return report(token, station, "{\"kind\":\"" + kind + "\"}")
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static ValidatableResponse resolve(String admin, long report, String body) {
        var request = given().auth().oauth2(admin).contentType(ContentType.JSON);
        return (body == null ? request : request.body(body))
                .post("/api/v1/admin/reports/" + report + "/resolve")
                .then();
    }

    private static int openReports(String admin, long station) {
        return given().auth()
                .oauth2(admin)
                .get("/api/v1/stations/" + station)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("openReports");
    }

    @Test
    void aReportIsOpenUntilAnAdminResolvesIt() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("报修站", 10);
        String member = StationTestData.verifiedMember("张三").accessToken();
        long first = report(member, id, "{\"kind\":\"NO_WATER\",\"comment\":\" 饮水机没水了 \"}")
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", notNullValue())
                .body("stationId", is((int) id))
                .body("kind", is("NO_WATER"))
                .body("comment", is("饮水机没水了"))
                .body("status", is("OPEN"))
                .body("createdAt", endsWith("+08:00"))
                .extract()
                .jsonPath()
                .getLong("id");
        assertEquals(1, openReports(d.admin, id));
        long second = reportId(member, id, "UNCLEAN");
        assertEquals(2, openReports(d.admin, id));
        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/admin/stations?openReports=true&limit=100")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) id));

        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/admin/reports?stationId=" + id)
                .then()
                .statusCode(200)
                .body("items.id", contains((int) second, (int) first))
                .body("items.reporter", everyItem(is("张*")))
                .body("items[0].stationName", is("报修站"))
                .body("items[0].status", is("OPEN"))
                .body("items[0].resolvedAt", nullValue())
                .body("nextCursor", nullValue());

        resolve(d.admin, first, "{\"resolution\":\"已补水\"}")
                .statusCode(200)
                .body("id", is((int) first))
                .body("status", is("RESOLVED"))
                .body("resolution", is("已补水"))
                .body("resolvedAt", endsWith("+08:00"))
                .body("resolvedBy", notNullValue())
                .body("reporter", is("张*"))
                .body("kind", is("NO_WATER"));
        assertEquals(1, openReports(d.admin, id));
        resolve(d.admin, first, "{\"resolution\":\"again\"}")
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", is("REPORT_ALREADY_RESOLVED"));
        assertEquals(1, openReports(d.admin, id));
        resolve(d.admin, second, null)
                .statusCode(200)
                .body("status", is("RESOLVED"))
                .body("resolution", nullValue());
        assertEquals(0, openReports(d.admin, id));
        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/admin/stations?openReports=true&limit=100")
                .then()
                .body("items.id", not(hasItem((int) id)));
        resolve(d.admin, 99_999_999L, null).statusCode(404).body("code", is("REPORT_NOT_FOUND"));
    }

    @Test
    void adminListFiltersByStationAndStatusAndPages() {
        StationTestData d = new StationTestData();
        long a = d.createNorth("甲站", 10);
        long b = d.createNorth("乙站", 20);
        String member = StationTestData.verifiedMember("李四").accessToken();
        long a1 = reportId(member, a, "EQUIPMENT_BROKEN");
        long b1 = reportId(member, b, "CLOSED_DURING_HOURS");
        long a2 = reportId(member, a, "OTHER");
        resolve(d.admin, a1, "{\"resolution\":\"修好了\"}").statusCode(200);

        String list = "/api/v1/admin/reports?limit=100&stationId=";
        given().auth().oauth2(d.admin).get(list + a).then().body("items.id", contains((int) a2, (int) a1));
        given().auth().oauth2(d.admin).get(list + a + "&status=OPEN").then().body("items.id", contains((int) a2));
        given().auth()
                .oauth2(d.admin)
                .get(list + a + "&status=RESOLVED")
                .then()
                .body("items.id", contains((int) a1))
                .body("items[0].resolution", is("修好了"));
        given().auth()
                .oauth2(d.admin)
                .get(list + b + "&status=OPEN")
                .then()
                .body("items.id", contains((int) b1))
                .body("items[0].kind", is("CLOSED_DURING_HOURS"));
        given().auth().oauth2(d.admin).get(list + b + "&status=RESOLVED").then().body("items", empty());
        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/admin/reports?status=OPEN&limit=100")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) b1))
                .body("items.id", not(hasItem((int) a1)))
                .body("items.status", everyItem(is("OPEN")));

        String cursor = given().auth()
                .oauth2(d.admin)
                .get("/api/v1/admin/reports?limit=1&stationId=" + a)
                .then()
                .body("items.id", contains((int) a2))
                .body("nextCursor", notNullValue())
                .extract()
                .path("nextCursor");
        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/admin/reports?limit=1&stationId=" + a + "&cursor=" + cursor)
                .then()
                .body("items.id", contains((int) a1))
                .body("nextCursor", nullValue());

        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/admin/reports?status=CLOSED")
                .then()
                .statusCode(400)
                .body("code", is("INVALID_PARAMETER"));
        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/admin/reports?stationId=0")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        given().auth()
                .oauth2(d.admin)
                .get("/api/v1/admin/reports?limit=101")
                .then()
                .statusCode(400);
    }

    @Test
    void twoAdminsRacingToResolveResolveOnce() throws Exception {
        StationTestData d = new StationTestData();
        long id = d.createNorth("抢修站", 10);
        String member = StationTestData.verifiedMember("王五").accessToken();
        List<Long> reports = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reports.add(reportId(member, id, "EQUIPMENT_BROKEN"));
        }
        List<String> admins = List.of(Fixtures.adminToken(), Fixtures.adminToken()); // two sessions
        assertEquals(4, openReports(d.admin, id));
        for (long report : reports) {
            List<Integer> statuses = StationTestData.race(
                    2,
                    i -> resolve(admins.get(i), report, "{\"resolution\":\"by " + i + "\"}")
                            .extract()
                            .statusCode());
            assertEquals(1, Collections.frequency(statuses, 200), statuses.toString());
            assertEquals(1, Collections.frequency(statuses, 409), statuses.toString());
        }
        assertEquals(0, openReports(d.admin, id));
    }

    @Test
    void adminEndpointsAreForAdminsOnly() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("权限站", 10);
        String member = StationTestData.verifiedMember("赵六").accessToken();
        long report = reportId(member, id, "OTHER");
        given().auth()
                .oauth2(member)
                .get("/api/v1/admin/reports")
                .then()
                .statusCode(403)
                .body("code", is("FORBIDDEN"));
        resolve(member, report, null).statusCode(403);
        resolve(Fixtures.staffToken(id), report, null).statusCode(403);
        given().get("/api/v1/admin/reports").then().statusCode(401).body("code", is("UNAUTHENTICATED"));
        given().contentType(ContentType.JSON)
                .post("/api/v1/admin/reports/" + report + "/resolve")
                .then()
                .statusCode(401);
        assertEquals(1, openReports(d.admin, id));
    }

    @Test
    void badReportsAreRefused() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("校验站", 10);
        String member = StationTestData.verifiedMember("钱七").accessToken();
        invalid(member, id, "{\"kind\":\"FIRE\"}", "kind");
        invalid(member, id, "{}", "kind");
        invalid(member, id, "{\"kind\":\"OTHER\",\"comment\":\"" + "脏".repeat(201) + "\"}", "comment");
        report(Fixtures.newMember().accessToken(), id, "{\"kind\":\"OTHER\"}")
                .statusCode(403)
                .body("code", is("NOT_VERIFIED"));
        given().contentType(ContentType.JSON)
                .body("{\"kind\":\"OTHER\"}")
                .post("/api/v1/stations/" + id + "/reports")
                .then()
                .statusCode(401);
        report(member, 99_999_999L, "{\"kind\":\"OTHER\"}").statusCode(404).body("code", is("STATION_NOT_FOUND"));
        long report = reportId(member, id, "OTHER");
        resolve(d.admin, report, "{\"resolution\":\"" + "x".repeat(201) + "\"}")
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"))
                .body("violations[0].field", is("resolution"));
        assertEquals(1, openReports(d.admin, id));
    }

    @Test
    void aMemberFilesAtMostTenReportsADay() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("限流站", 10);
        String member = StationTestData.verifiedMember("孙八").accessToken();
        for (int i = 0; i < 10; i++) {
            reportId(member, id, "UNCLEAN");
        }
        report(member, id, "{\"kind\":\"UNCLEAN\"}")
                .statusCode(429)
                .contentType("application/problem+json")
                .body("code", is("TOO_MANY_ATTEMPTS"));
        assertEquals(10, openReports(d.admin, id));
        reportId(StationTestData.verifiedMember("周九").accessToken(), id, "UNCLEAN"); // others are not held back
        clock.shift(Duration.ofDays(1));
        reportId(member, id, "UNCLEAN");
        assertEquals(12, openReports(d.admin, id));
    }

    @Test
    void resolvingAReportOfADeletedStationKeepsItOffTheMap() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("撤站", 10);
        long report = reportId(StationTestData.verifiedMember("吴十").accessToken(), id, "CLOSED_DURING_HOURS");
        given().auth()
                .oauth2(d.admin)
                .delete("/api/v1/admin/stations/" + id)
                .then()
                .statusCode(204);
        resolve(d.admin, report, "{\"resolution\":\"驿站已撤\"}").statusCode(200).body("status", is("RESOLVED"));
        given().get("/api/v1/stations/nearby?lat=" + d.lat + "&lng=" + d.lng)
                .then()
                .statusCode(200)
                .body("items", empty());
        given().get("/api/v1/stations/" + id).then().statusCode(404);
    }

    private static void invalid(String token, long station, String body, String field) {
        report(token, station, body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", is("VALIDATION_FAILED"))
                .body("violations[0].field", is(field));
    }
}
