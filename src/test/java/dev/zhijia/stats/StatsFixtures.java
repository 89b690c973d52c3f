package dev.zhijia.stats;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;

import dev.zhijia.benefit.BenefitTestData;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.TestClock;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;

/**
 * What the figures tests ({@link FiguresTest}, {@link DailyFiguresTest}) share: a day of a test's own with a station,
 * its staff and members, and the real calls (pickups, claims, redemptions) that make the rows the figures count.
 */
final class StatsFixtures {

    private StatsFixtures() {}

    /** A day far ahead ({@code offset} plus up to 300 days) that no other test writes on. */
    static LocalDate freshDay(ShiftableClock clock, int offset) {
        return clock.today().plusDays(offset + (int) (System.nanoTime() % 300));
    }

    /** A fresh day with the clock at {@code time} of it, a new station, one staff account of it and verified members. */
    record Scene(String admin, LocalDate day, long station, String staff, List<BulkMembers.Member> members) {

        static Scene at(ShiftableClock clock, int offset, LocalTime time, String stationName, int members) {
            String admin = Fixtures.adminToken();
            LocalDate day = freshDay(clock, offset);
            TestClock.moveTo(clock, day.atTime(time));
            long station = Fixtures.station(Fixtures.unique(stationName));
            String staff = Fixtures.staffToken(station);
            return new Scene(admin, day, station, staff, BulkMembers.verified(members, "", null));
        }

        /** The i-th member's access token. */
        String member(int i) {
            return members.get(i).token();
        }
    }

    static JsonPath overview(String admin, LocalDate from, LocalDate to) {
        return figures(admin, "overview", from, to);
    }

    static JsonPath daily(String admin, LocalDate from, LocalDate to) {
        return figures(admin, "daily", from, to);
    }

    private static JsonPath figures(String admin, String what, LocalDate from, LocalDate to) {
        return given().auth()
                .oauth2(admin)
                .get("/api/v1/admin/stats/" + what + "?from=" + from + "&to=" + to)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** One bottle handed over at this station, by this member, now (per the test clock). */
    static void pickupVerified(long station, String staff, String member) {
        String checkin = given().auth()
                .oauth2(staff)
                .get("/api/v1/stations/" + station + "/checkin-token")
                .then()
                .extract()
                .path("token");
        String code = given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body("{\"stationId\":" + station + ",\"checkinToken\":\"" + checkin + "\"}")
                .post("/api/v1/water/pickups")
                .then()
                .statusCode(201)
                .extract()
                .path("code");
        verify(staff, code);
    }

    /** Staff verify a code (a pickup's or a claim's). */
    static void verify(String staff, String code) {
        given().auth()
                .oauth2(staff)
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\"}")
                .post("/api/v1/staff/verifications")
                .then()
                .statusCode(200);
    }

    /** A first-come benefit opened a minute ago (per the test clock), redeemable at this station. */
    static String benefitOpenNow(ShiftableClock clock, int stock, long station) {
        ZonedDateTime now = clock.zonedNow();
        return "{\"title\":\"" + Fixtures.unique("体检") + "\",\"description\":\"免费体检\",\"totalStock\":" + stock
                + ",\"perMemberLimit\":1,\"opensAt\":\"" + now.minusMinutes(1).toOffsetDateTime() + "\",\"closesAt\":\""
                + now.plusHours(2).toOffsetDateTime() + "\",\"redeemBy\":\""
                + now.plusDays(3).toOffsetDateTime() + "\",\"stationIds\":["
                + station + "],\"eligibility\":{\"tags\":[],\"orgIds\":[]}}";
    }

    /** Creates {@link #benefitOpenNow} (as the bootstrap admin, like every figures test) and returns its id. */
    static long openBenefit(ShiftableClock clock, int stock, long station) {
        return BenefitTestData.create(benefitOpenNow(clock, stock, station));
    }

    static JsonPath claim(long benefit, String member) {
        return given().auth()
                .oauth2(member)
                .post("/api/v1/benefits/" + benefit + "/claims")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    static void cancelClaim(String member, long claimId) {
        given().auth()
                .oauth2(member)
                .delete("/api/v1/me/claims/" + claimId)
                .then()
                .statusCode(204);
    }
}
