package dev.zhijia.stats;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.stats.StatsFixtures.Scene;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.zhijia.stats.StatsFixtures.cancelClaim;
import static dev.zhijia.stats.StatsFixtures.claim;
import static dev.zhijia.stats.StatsFixtures.daily;
import static dev.zhijia.stats.StatsFixtures.freshDay;
import static dev.zhijia.stats.StatsFixtures.openBenefit;
import static dev.zhijia.stats.StatsFixtures.pickupVerified;
import static dev.zhijia.stats.StatsFixtures.verify;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code GET /admin/stats/daily}: one row per day, straight from the rollups, scoped, limited, and as CSV. */
@QuarkusTest
class DailyFiguresTest {

    @Inject
    ShiftableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static long rollup(String sql, LocalDate day) {
        return Fixtures.query(sql, rs -> rs.getLong(1), day).get(0);
    }

    @Test
    void rowsAreWhatTheRollupsHoldAfterRealPickupsClaimsReviewsAndBookings() {
        Scene s = Scene.at(clock, 1600, LocalTime.of(10, 0), "趋势站", 3);
        String admin = s.admin();
        LocalDate day = s.day();
        long station = s.station();
        String staff = s.staff();

        pickupVerified(station, staff, s.member(0));
        pickupVerified(station, staff, s.member(1));
        long benefit = openBenefit(clock, 10, station);
        String code = claim(benefit, s.member(0)).getString("code");
        cancelClaim(s.member(2), claim(benefit, s.member(2)).getLong("claimId"));
        verify(staff, code);
        for (int i = 0; i < 2; i++) {
            given().auth()
                    .oauth2(s.member(i))
                    .contentType(ContentType.JSON)
                    .body("{\"score\":" + (4 + i) + "}")
                    .post("/api/v1/stations/" + station + "/reviews")
                    .then()
                    .statusCode(201);
        }
        long service = bookableService(admin);
        long slot = slot(admin, service, clock.zonedNow().toOffsetDateTime().plusDays(1));
        book(s.member(0), service, slot);
        long gone = book(s.member(1), service, slot);
        given().auth()
                .oauth2(s.member(1))
                .delete("/api/v1/me/bookings/" + gone)
                .then()
                .statusCode(204);
        TestClock.moveTo(clock, day.plusDays(1).atTime(9, 0));
        pickupVerified(station, staff, s.member(2));

        JsonPath d = daily(admin, day.minusDays(1), day.plusDays(1));
        assertEquals(
                List.of(
                        day.minusDays(1).toString(),
                        day.toString(),
                        day.plusDays(1).toString()),
                d.getList("items.day"));
        assertEquals(DailyFigures.COLUMNS, d.getList("columns"));
        Map<String, Object> before = d.getMap("items[0]");
        DailyFigures.COLUMNS.stream()
                .filter(c -> !c.equals("avgRating"))
                .forEach(c -> assertEquals(0, ((Number) before.get(c)).intValue(), c + " on a day without rows"));
        assertNull(before.get("avgRating"));

        Map<String, Object> first = d.getMap("items[1]");
        assertEquals(2, first.get("pickups"));
        assertEquals(1, first.get("redemptions"));
        assertEquals(1, first.get("claims"), "two made, one cancelled");
        assertEquals(1, first.get("bookings"), "two made, one cancelled");
        assertEquals(2, first.get("reviews"));
        assertEquals(9, first.get("reviewScoreSum"));
        assertEquals(4.5f, ((Number) first.get("avgRating")).floatValue());
        assertEquals(2, first.get("peopleServed"), "a member who picked up and redeemed counts once");
        Map<String, Object> second = d.getMap("items[2]");
        assertEquals(1, second.get("pickups"));
        assertEquals(1, second.get("peopleServed"));
        assertEquals(0, second.get("claims"));

        // the rows are the rollup tables' own sums (nothing else writes on these days)
        for (int i = 1; i <= 2; i++) {
            LocalDate x = day.plusDays(i - 1);
            Map<String, Object> row = d.getMap("items[" + i + "]");
            assertEquals(
                    rollup("SELECT COALESCE(SUM(pickups), 0) FROM figure_station_day WHERE day = ?", x),
                    ((Number) row.get("pickups")).longValue());
            assertEquals(
                    rollup("SELECT COALESCE(SUM(claims), 0) FROM figure_benefit_day WHERE day = ?", x),
                    ((Number) row.get("claims")).longValue());
            assertEquals(
                    rollup("SELECT COALESCE(SUM(bookings), 0) FROM figure_service_day WHERE day = ?", x),
                    ((Number) row.get("bookings")).longValue());
        }
        // the range's overview agrees with the days summed
        JsonPath o = given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/overview?from=" + day + "&to=" + day.plusDays(1))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(o.getLong("waterPickups"), d.getLong("items.sum { it.pickups }"));
        assertEquals(o.getLong("claims"), d.getLong("items.sum { it.claims }"));
        assertEquals(3, o.getLong("peopleServed"), "distinct over the range, where the days sum to 3 as well");

        // derived again from the source rows: the same rows
        given().auth()
                .oauth2(admin)
                .post("/api/v1/admin/stats/rollups/rebuild?from=" + day.minusDays(1) + "&to=" + day.plusDays(1))
                .then()
                .statusCode(200);
        assertEquals(
                d.prettify(), daily(admin, day.minusDays(1), day.plusDays(1)).prettify());
    }

    @Test
    void aDistrictAdminSeesTheDistrictsDaysOnlyAndTheCsvSaysTheSame() {
        String admin = Fixtures.adminToken();
        String district = Fixtures.unique("dd-");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"id\":\"" + district + "\",\"name\":\"拱墅区总工会\"}")
                .post("/api/v1/admin/orgs")
                .then()
                .statusCode(201);
        String user = Fixtures.unique("dailyadmin");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + user + "\",\"password\":\"district-admin-pw\",\"displayName\":\"区管理员\","
                        + "\"stationIds\":[],\"roles\":[\"admin\"],\"orgId\":\"" + district + "\"}")
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(201);
        String districtAdmin = Fixtures.login(user, "district-admin-pw");
        long districtStation = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"" + Fixtures.unique("拱墅驿站")
                        + "\",\"type\":\"WATER_STATION\",\"lat\":30.32,\"lng\":120.14,\"hours\":{\"open24h\":true},"
                        + "\"waterStock\":50,\"orgId\":\"" + district + "\"}")
                .post("/api/v1/admin/stations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        long cityStation = Fixtures.station(Fixtures.unique("市驿站"));
        Fixtures.MemberLogin inDistrict = Fixtures.verifiedMember("", district);
        Fixtures.MemberLogin inCity = Fixtures.verifiedMember("", null);

        LocalDate day = freshDay(clock, 2000);
        TestClock.moveTo(clock, day.atTime(11, 0));
        pickupVerified(districtStation, Fixtures.staffToken(districtStation), inDistrict.accessToken());
        pickupVerified(cityStation, Fixtures.staffToken(cityStation), inCity.accessToken());

        JsonPath mine = daily(districtAdmin, day, day);
        assertEquals(1, mine.getInt("items[0].pickups"), "the district's station only");
        assertEquals(1, mine.getInt("items[0].peopleServed"), "the district's member only");
        JsonPath city = daily(admin, day, day);
        assertEquals(2, city.getInt("items[0].pickups"));
        assertEquals(2, city.getInt("items[0].peopleServed"));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/daily?from=" + day + "&to=" + day + "&orgId=" + district)
                .then()
                .statusCode(200)
                .body("items[0].pickups", is(1));
        given().auth()
                .oauth2(districtAdmin)
                .get("/api/v1/admin/stats/daily?orgId=root")
                .then()
                .statusCode(404)
                .body("code", is("ORG_NOT_FOUND"));

        byte[] csv = given().auth()
                .oauth2(districtAdmin)
                .get("/api/v1/admin/stats/daily.csv?from=" + day.minusDays(1) + "&to=" + day)
                .then()
                .statusCode(200)
                .contentType("text/csv")
                .header("Content-Disposition", "attachment; filename=\"zhijia-daily.csv\"")
                .extract()
                .asByteArray();
        assertEquals((byte) 0xEF, csv[0], "UTF-8 BOM");
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        assertEquals(3, lines.length, text);
        assertEquals("day," + String.join(",", DailyFigures.COLUMNS), lines[0]);
        JsonPath json = daily(districtAdmin, day.minusDays(1), day);
        for (int i = 0; i < 2; i++) {
            String[] cells = lines[i + 1].split(",", -1);
            assertEquals(json.getString("items[" + i + "].day"), cells[0]);
            for (int c = 0; c < DailyFigures.COLUMNS.size(); c++) {
                Object v = json.get("items[" + i + "]." + DailyFigures.COLUMNS.get(c));
                assertEquals(v == null ? "" : v.toString(), cells[c + 1], DailyFigures.COLUMNS.get(c));
            }
        }
    }

    @Test
    void atMost366DaysAndOnlyForAdmins() {
        String admin = Fixtures.adminToken();
        LocalDate from = LocalDate.of(2027, 3, 1);
        JsonPath year = daily(admin, from, from.plusDays(365));
        assertEquals(366, year.getList("items").size());
        assertEquals("2028-02-29", year.getString("items[365].day"), "a leap day has its own row");
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/daily?from=" + from + "&to=" + from.plusDays(366))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", is("VALIDATION_FAILED"))
                .body("violations.field", hasItem("to"));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/daily.csv?from=" + from + "&to=" + from.plusDays(400))
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/daily?from=" + from + "&to=" + from.minusDays(1))
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/daily?from=2027-13-01")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/daily")
                .then()
                .statusCode(200)
                .body("items.day", is(List.of(clock.today().toString())));
        given().auth()
                .oauth2(Fixtures.verifiedMember("", null).accessToken())
                .get("/api/v1/admin/stats/daily")
                .then()
                .statusCode(403);
        given().get("/api/v1/admin/stats/daily").then().statusCode(401);
        long station = Fixtures.station(Fixtures.unique("无权站"));
        given().auth()
                .oauth2(Fixtures.staffToken(station))
                .get("/api/v1/admin/stats/daily.csv")
                .then()
                .statusCode(403);
    }

    @Test
    void theSellOutCurveCountsTheClaimsOfEachMinuteAfterOpening() {
        String admin = Fixtures.adminToken();
        TestClock.moveTo(clock, freshDay(clock, 2400).atTime(10, 0)); // the benefit opens at 09:59
        long station = Fixtures.station(Fixtures.unique("抢光站"));
        long benefit = openBenefit(clock, 3, station);
        List<BulkMembers.Member> m = BulkMembers.verified(3, "", null);
        claim(benefit, m.get(0).token()); // minute 1
        clock.shift(java.time.Duration.ofMinutes(2));
        claim(benefit, m.get(1).token()); // minute 3
        cancelClaim(m.get(2).token(), claim(benefit, m.get(2).token()).getLong("claimId")); // minute 3, then cancelled
        clock.shift(java.time.Duration.ofMinutes(1));

        JsonPath f = given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/benefits/" + benefit)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(60, f.getInt("sellOut.bucketSeconds"));
        assertEquals(List.of(0, 1, 2, 3, 4), f.getList("sellOut.points.offset"), "every minute up to now");
        assertEquals(
                List.of(0, 1, 0, 2, 0), f.getList("sellOut.points.count"), "claims as made, the cancelled one too");
        assertEquals(List.of(0, 1, 1, 3, 3), f.getList("sellOut.points.cumulative"));
        assertEquals(2, f.getInt("claims"));
        assertEquals(1, f.getInt("cancellations"));

        // not open yet: no points
        TestClock.moveTo(clock, clock.today().atTime(9, 0));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/benefits/" + benefit)
                .then()
                .statusCode(200)
                .body("sellOut.points", org.hamcrest.Matchers.empty());
    }

    private long bookableService(String admin) {
        OffsetDateTime now = clock.zonedNow().toOffsetDateTime();
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"title\":\"" + Fixtures.unique("体检") + "\",\"kind\":\"CHECKUP\",\"description\":\"免费体检\","
                        + "\"stationIds\":[],\"releaseAt\":\""
                        + now.minusMinutes(1).withNano(0)
                        + "\",\"cancelMinutesBefore\":60,\"eligibility\":{}}")
                .post("/api/v1/admin/services")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static long slot(String admin, long service, OffsetDateTime startsAt) {
        OffsetDateTime start = startsAt.withNano(0);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"slots\":[{\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plusMinutes(30)
                        + "\",\"capacity\":5}]}")
                .post("/api/v1/admin/services/" + service + "/slots")
                .then()
                .statusCode(201);
        return Fixtures.query("SELECT id FROM booking_slot WHERE service_id = ?", rs -> rs.getLong(1), service)
                .get(0);
    }

    private static long book(String member, long service, long slot) {
        return given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body("{\"slotId\":" + slot + "}")
                .post("/api/v1/services/" + service + "/bookings")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("bookingId");
    }
}
