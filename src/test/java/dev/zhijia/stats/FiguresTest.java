package dev.zhijia.stats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.stats.StatsFixtures.Scene;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.zhijia.stats.StatsFixtures.cancelClaim;
import static dev.zhijia.stats.StatsFixtures.claim;
import static dev.zhijia.stats.StatsFixtures.openBenefit;
import static dev.zhijia.stats.StatsFixtures.overview;
import static dev.zhijia.stats.StatsFixtures.pickupVerified;
import static dev.zhijia.stats.StatsFixtures.verify;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class FiguresTest {

    @Inject
    ShiftableClock clock;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void daysAreServiceZoneDaysAndCountsMatchTheRowsMade() {
        Scene s = Scene.at(clock, 500, LocalTime.of(23, 59), "统计站", 2);
        String admin = s.admin();
        LocalDate day = s.day();
        long station = s.station();
        long membersBefore = overview(admin, day, day).getLong("members");

        pickupVerified(station, s.staff(), s.member(0)); // 23:59 on day
        clock.shift(Duration.ofMinutes(2));
        pickupVerified(station, s.staff(), s.member(1)); // 00:01 on day + 1
        pickupVerified(station, s.staff(), s.member(0)); // and the first member again, next day

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

        JsonPath stations = given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/stations?from=" + day + "&to=" + day.plusDays(1))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int i = stations.getList("items.stationId", Long.class).indexOf(station);
        assertEquals(3, stations.getInt("items[" + i + "].pickups"));
        assertEquals(97, stations.getInt("items[" + i + "].waterStock"));
    }

    @Test
    void csvIsUtf8WithBomAndParsesBackToTheSameFigures() {
        String admin = Fixtures.adminToken();
        long station = Fixtures.station("=SUM(A1) 站, \"引号\"");
        LocalDate today = clock.today();
        byte[] csv = given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/stations.csv?from=" + today + "&to=" + today)
                .then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .extract()
                .asByteArray();
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(csv[0], csv[1], csv[2]));
        String[] lines = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertEquals(
                "stationId,name,type,pickups,redemptions,reviews,rating,ratingCount,waterStock,entries,entrants",
                lines[0]);
        String row = Arrays.stream(lines)
                .filter(l -> l.startsWith(station + ","))
                .findFirst()
                .orElseThrow();
        assertTrue(row.contains("\"'=SUM(A1) 站, \"\"引号\"\"\""), "quoted, and not a formula: " + row);
        JsonPath json = given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/overview?from=" + today + "&to=" + today)
                .then()
                .extract()
                .jsonPath();
        String[] overview = new String(
                        given().auth()
                                .oauth2(admin)
                                .get("/api/v1/admin/stats/overview.csv?from=" + today + "&to=" + today)
                                .then()
                                .statusCode(200)
                                .extract()
                                .asByteArray(),
                        StandardCharsets.UTF_8)
                .split("\r\n")[1].split(",");
        assertEquals(json.getLong("members"), Long.parseLong(overview[2]));
    }

    @Test
    void onlyAdminsSeeFiguresAndRangesAreChecked() {
        given().auth()
                .oauth2(Fixtures.newMember().accessToken())
                .get("/api/v1/admin/stats/overview")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(Fixtures.staffToken(Fixtures.station(Fixtures.unique("站"))))
                .get("/api/v1/admin/stats/stations.csv")
                .then()
                .statusCode(403);
        given().get("/api/v1/admin/stats/overview").then().statusCode(401);
        String admin = Fixtures.adminToken();
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/overview?from=2026-02-01&to=2026-01-01")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/overview?from=2020-01-01&to=2026-01-01")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/overview?from=yesterday")
                .then()
                .statusCode(400)
                .body("code", is("INVALID_PARAMETER"));
    }

    private static long served(String admin, LocalDate from, LocalDate to) {
        return overview(admin, from, to).getLong("peopleServed");
    }

    @Test
    void theRowsMadeBeforeTheRollupsAreDerivedOnceAtStart() {
        // fresh database: the first replica to start derives (nothing) and marks it done, off the start-up thread
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Fixtures.query("SELECT id FROM figure_rollup_state", rs -> rs.getInt(1)), is(List.of(1)));
    }

    @Test
    void peopleServedIsExactAcrossMonthAndYearBoundaries() {
        String admin = Fixtures.adminToken();
        // a year of our own, far ahead, that no other test writes in
        int year = clock.today().getYear() + 5 + (int) (System.nanoTime() % 400);
        TestClock.moveTo(clock, LocalDateTime.of(year, 1, 31, 23, 59));
        long station = Fixtures.station(Fixtures.unique("月界站"));
        String staff = Fixtures.staffToken(station);
        List<BulkMembers.Member> m = BulkMembers.verified(3, "", null);
        String a = m.get(0).token(), b = m.get(1).token(), c = m.get(2).token();

        pickupVerified(station, staff, a); // Jan 31 23:59
        TestClock.moveTo(clock, LocalDateTime.of(year, 2, 1, 0, 1));
        pickupVerified(station, staff, b); // Feb 1
        pickupVerified(station, staff, a);
        TestClock.moveTo(clock, LocalDateTime.of(year, 3, 15, 12, 0));
        pickupVerified(station, staff, c); // Mar 15
        TestClock.moveTo(clock, LocalDateTime.of(year, 4, 1, 8, 0));
        pickupVerified(station, staff, a); // Apr 1
        TestClock.moveTo(clock, LocalDateTime.of(year, 12, 31, 23, 0));
        pickupVerified(station, staff, b); // Dec 31
        TestClock.moveTo(clock, LocalDateTime.of(year + 1, 1, 1, 0, 30));
        pickupVerified(station, staff, c); // Jan 1 next year

        LocalDate jan31 = LocalDate.of(year, 1, 31);
        assertEquals(1, served(admin, jan31, jan31));
        assertEquals(2, served(admin, jan31, jan31.plusDays(1)), "a on both days counts once");
        assertEquals(2, served(admin, jan31.plusDays(1), jan31.plusDays(1)));
        assertEquals(0, served(admin, LocalDate.of(year, 2, 2), LocalDate.of(year, 3, 14)));
        assertEquals(
                3,
                served(admin, jan31, LocalDate.of(year, 4, 1)),
                "a whole month in the middle, partial months at the ends");
        assertEquals(2, served(admin, LocalDate.of(year, 2, 2), LocalDate.of(year, 4, 1)));
        assertEquals(1, served(admin, LocalDate.of(year, 3, 16), LocalDate.of(year, 4, 30)));
        assertEquals(3, served(admin, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)));
        assertEquals(2, served(admin, LocalDate.of(year, 12, 31), LocalDate.of(year + 1, 1, 1)), "across the new year");
        JsonPath whole = overview(admin, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        assertEquals(6, whole.getLong("waterPickups"));
    }

    @Test
    void claimsCancellationsAndRedemptionsAgreeWithARebuildFromTheRows() throws Exception {
        Scene s = Scene.at(clock, 800, LocalTime.of(10, 0), "福利站", 3);
        String admin = s.admin();
        LocalDate day = s.day();
        long station = s.station();
        String staff = s.staff();
        long benefit = openBenefit(clock, 10, station);
        String redeemed = claim(benefit, s.member(0)).getString("code");
        claim(benefit, s.member(1));
        cancelClaim(s.member(2), claim(benefit, s.member(2)).getLong("claimId"));
        verify(staff, redeemed);
        given().auth()
                .oauth2(s.member(1))
                .contentType(ContentType.JSON)
                .body("{\"score\":4}")
                .post("/api/v1/stations/" + station + "/reviews")
                .then()
                .statusCode(201);

        JsonPath live = overview(admin, day, day);
        assertEquals(2, live.getLong("claims"), "three made, one cancelled");
        assertEquals(1, live.getLong("redemptions"));
        assertEquals(1, live.getLong("peopleServed"));
        assertEquals(1, live.getLong("reviews"));
        assertEquals(4.0, live.getDouble("avgRating"));

        // the same figures derived from the rows alone
        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/stats/rollups/rebuild?from=" + day + "&to=" + day)
                .then()
                .statusCode(200)
                .body("days", is(1));
        assertEquals(live.prettify(), overview(admin, day, day).prettify());

        // a row written without its rollup (as rows made before the rollups existed): counted after a rebuild
        LocalDate before = day.minusDays(1);
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("INSERT INTO verification (kind, ref_id, member_id, staff_id,"
                        + " station_id, created_at) VALUES ('WATER_PICKUP', 0, ?, 0, ?, ?)")) {
            ps.setLong(1, s.members().get(0).id());
            ps.setLong(2, station);
            ps.setObject(
                    3,
                    before.atTime(12, 0)
                            .atZone(clock.getZone())
                            .withZoneSameInstant(java.time.ZoneOffset.UTC)
                            .toLocalDateTime());
            ps.executeUpdate();
        }
        assertEquals(0, overview(admin, before, before).getLong("waterPickups"));
        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/stats/rollups/rebuild?from=" + before + "&to=" + day)
                .then()
                .statusCode(200)
                .body("days", is(2));
        JsonPath rebuilt = overview(admin, before, day);
        assertEquals(1, rebuilt.getLong("waterPickups"));
        assertEquals(1, rebuilt.getLong("peopleServed"), "the same member on both days");
        assertEquals(live.prettify(), overview(admin, day, day).prettify(), "rebuilding twice changes nothing");

        given().auth()
                .oauth2(staff)
                .post("/api/v1/admin/stats/rollups/rebuild")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/stats/rollups/rebuild?from=" + day + "&to=" + before)
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
    }

    @Test
    void concurrentRedemptionsAtOneStationOnAFreshDayAreAllCounted() {
        Scene s = Scene.at(clock, 1200, LocalTime.of(9, 0), "并发站", 30);
        String admin = s.admin();
        LocalDate day = s.day();
        long station = s.station();
        List<String> staff = List.of(s.staff(), Fixtures.staffToken(station), Fixtures.staffToken(station));
        long benefit = openBenefit(clock, 30, station);
        List<BulkMembers.Member> members = s.members();
        List<Burst.Call> calls = new java.util.ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            String code = claim(benefit, members.get(i).token()).getString("code");
            calls.add(new Burst.Call(
                    "POST", "/api/v1/staff/verifications", staff.get(i % 3), "{\"code\":\"" + code + "\"}"));
        }
        List<Burst.Answer> answers = Burst.fire(calls, 30);
        assertTrue(answers.stream().allMatch(x -> x.status() == 200), answers.toString());
        JsonPath o = overview(admin, day, day);
        assertEquals(30, o.getLong("redemptions"));
        assertEquals(30, o.getLong("claims"));
        assertEquals(30, o.getLong("peopleServed"));
    }
}
