package dev.zhijia.stats;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;

@QuarkusTest
class FiguresTest {

    @Inject
    ShiftableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static JsonPath overview(String admin, LocalDate from, LocalDate to) {
        return given().auth().oauth2(admin).get("/api/v1/admin/stats/overview?from=" + from + "&to=" + to).then().statusCode(200)
                .extract().jsonPath();
    }

    /** One bottle handed over at this station, by this member, now (per the test clock). */
    private static void pickupVerified(long station, String staff, String member) {
        String checkin = given().auth().oauth2(staff).get("/api/v1/stations/" + station + "/checkin-token").then().extract().path("token");
        String code = given().auth().oauth2(member).contentType(ContentType.JSON).body("{\"stationId\":" + station + ",\"checkinToken\":\"" + checkin + "\"}")
                .post("/api/v1/water/pickups").then().statusCode(201).extract().path("code");
        given().auth().oauth2(staff).contentType(ContentType.JSON).body("{\"code\":\"" + code + "\"}").post("/api/v1/staff/verifications")
                .then().statusCode(200);
    }

    @Test
    void daysAreServiceZoneDaysAndCountsMatchTheRowsMade() {
        String admin = Fixtures.adminToken();
        // a day of our own, far ahead, that no other test writes on
        ZonedDateTime now = clock.zonedNow();
        LocalDate day = now.toLocalDate().plusDays(500 + (int) (System.nanoTime() % 300));
        clock.shift(Duration.between(now, day.atTime(23, 59).atZone(clock.getZone())));
        long station = Fixtures.station(Fixtures.unique("统计站"));
        String staff = Fixtures.staffToken(station);
        List<BulkMembers.Member> m = BulkMembers.verified(2, "", null);
        long membersBefore = overview(admin, day, day).getLong("members");

        pickupVerified(station, staff, m.get(0).token());               // 23:59 on day
        clock.shift(Duration.ofMinutes(2));
        pickupVerified(station, staff, m.get(1).token());               // 00:01 on day + 1
        pickupVerified(station, staff, m.get(0).token());               // and the first member again, next day

        JsonPath first = overview(admin, day, day);
        assertEquals(1, first.getLong("waterPickups"));
        assertEquals(1, first.getLong("peopleServed"));
        JsonPath second = overview(admin, day.plusDays(1), day.plusDays(1));
        assertEquals(2, second.getLong("waterPickups"));
        assertEquals(2, second.getLong("peopleServed"));
        JsonPath both = overview(admin, day, day.plusDays(1));
        assertEquals(3, both.getLong("waterPickups"));
        assertEquals(2, both.getLong("peopleServed"), "distinct members, not pickups");
        assertTrue(both.getLong("members") >= membersBefore);

        JsonPath stations = given().auth().oauth2(admin).get("/api/v1/admin/stats/stations?from=" + day + "&to=" + day.plusDays(1))
                .then().statusCode(200).extract().jsonPath();
        int i = stations.getList("items.stationId", Long.class).indexOf(station);
        assertEquals(3, stations.getInt("items[" + i + "].pickups"));
        assertEquals(97, stations.getInt("items[" + i + "].waterStock"));
    }

    @Test
    void csvIsUtf8WithBomAndParsesBackToTheSameFigures() {
        String admin = Fixtures.adminToken();
        long station = Fixtures.station("=SUM(A1) 站, \"引号\"");
        LocalDate today = clock.today();
        byte[] csv = given().auth().oauth2(admin).get("/api/v1/admin/stats/stations.csv?from=" + today + "&to=" + today).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asByteArray();
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(csv[0], csv[1], csv[2]));
        String[] lines = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertEquals("stationId,name,type,pickups,redemptions,reviews,rating,ratingCount,waterStock", lines[0]);
        String row = Arrays.stream(lines).filter(l -> l.startsWith(station + ",")).findFirst().orElseThrow();
        assertTrue(row.contains("\"'=SUM(A1) 站, \"\"引号\"\"\""), "quoted, and not a formula: " + row);
        JsonPath json = given().auth().oauth2(admin).get("/api/v1/admin/stats/overview?from=" + today + "&to=" + today).then().extract().jsonPath();
        String[] overview = new String(given().auth().oauth2(admin).get("/api/v1/admin/stats/overview.csv?from=" + today + "&to=" + today)
                .then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8).split("\r\n")[1].split(",");
        assertEquals(json.getLong("members"), Long.parseLong(overview[2]));
    }

    @Test
    void onlyAdminsSeeFiguresAndRangesAreChecked() {
        given().auth().oauth2(Fixtures.newMember().accessToken()).get("/api/v1/admin/stats/overview").then().statusCode(403);
        given().auth().oauth2(Fixtures.staffToken(Fixtures.station(Fixtures.unique("站")))).get("/api/v1/admin/stats/stations.csv").then().statusCode(403);
        given().get("/api/v1/admin/stats/overview").then().statusCode(401);
        String admin = Fixtures.adminToken();
        given().auth().oauth2(admin).get("/api/v1/admin/stats/overview?from=2026-02-01&to=2026-01-01").then().statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        given().auth().oauth2(admin).get("/api/v1/admin/stats/overview?from=2020-01-01&to=2026-01-01").then().statusCode(400);
        given().auth().oauth2(admin).get("/api/v1/admin/stats/overview?from=yesterday").then().statusCode(400).body("code", is("INVALID_PARAMETER"));
    }
}
