package dev.zhijia.booking;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.inject.Inject;

import dev.zhijia.common.CheckDigit;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.notify.LiveClient;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.zhijia.booking.BookingTestData.addSlots;
import static dev.zhijia.booking.BookingTestData.book;
import static dev.zhijia.booking.BookingTestData.day;
import static dev.zhijia.booking.BookingTestData.remaining;
import static dev.zhijia.booking.BookingTestData.slots;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row and error code of API.md "Bookings", on the real servers. */
@QuarkusTest
@Tag("redis")
class BookingTest {

    @Inject
    ShiftableClock clock;

    @Inject
    BookingSweeper sweeper;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static void shiftTo(ShiftableClock clock, OffsetDateTime moment) {
        clock.reset();
        clock.shift(Duration.between(clock.instant(), moment.toInstant()));
    }

    @Test
    void adminsMakeSlotsFromAListOrAWeeklyRule() {
        long service = BookingTestData.openService();
        OffsetDateTime monday = day(7).with(java.time.DayOfWeek.MONDAY);
        String rule = "{\"from\":\"" + monday.toLocalDate() + "\",\"to\":\""
                + monday.toLocalDate().plusDays(13)
                + "\",\"weekdays\":[1,3],\"times\":[\"09:00-09:30\",\"09:30-10:00\"],\"capacity\":25}";
        addSlots(service, rule).statusCode(201).body("created", is(8));
        addSlots(service, rule).statusCode(201).body("created", is(0)); // the same rule again adds nothing
        JsonPath slots = given().queryParam("from", monday.toLocalDate().toString())
                .queryParam("to", monday.toLocalDate().plusDays(13).toString())
                .get("/api/v1/services/" + service + "/slots")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(8, slots.getList("items").size());
        assertEquals(
                monday.withHour(9).toInstant(),
                OffsetDateTime.parse(slots.getString("items[0].startsAt")).toInstant());
        assertEquals(25, slots.getInt("items[0].remaining"));

        addSlots(service, "{}").statusCode(400).body("code", is("VALIDATION_FAILED"));
        addSlots(service, "{\"slots\":[],\"from\":\"2027-01-01\"}")
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        addSlots(
                        service,
                        "{\"slots\":[{\"startsAt\":\"" + day(1) + "\",\"endsAt\":\"" + day(1).minusMinutes(5)
                                + "\",\"capacity\":3}]}")
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        addSlots(service, rule.replace("09:00-09:30", "9am")).statusCode(400).body("code", is("VALIDATION_FAILED"));
        addSlots(999_999_999L, rule).statusCode(404).body("code", is("SERVICE_NOT_FOUND"));
        given().auth()
                .oauth2(Fixtures.verifiedMember("", null).accessToken())
                .contentType(ContentType.JSON)
                .body(rule)
                .post("/api/v1/admin/services/" + service + "/slots")
                .then()
                .statusCode(403);

        given().get("/api/v1/services/" + service)
                .then()
                .statusCode(200)
                .body("kind", is("CHECKUP"))
                .body("orgId", is("root"))
                .body("status", is("open"))
                .body("cancelMinutesBefore", is(120));
        given().queryParam("kind", "CHECKUP")
                .get("/api/v1/services")
                .then()
                .statusCode(200)
                .body("items.id", hasItem((int) service));
        given().queryParam("kind", "MASSAGE").get("/api/v1/services").then().statusCode(400);
        given().get("/api/v1/services/999999999").then().statusCode(404).body("code", is("SERVICE_NOT_FOUND"));
        given().auth()
                .oauth2(Fixtures.adminToken())
                .contentType(ContentType.JSON)
                .body(BookingTestData.serviceBody("坏的", BookingTestData.now(), 60, "", "{}")
                        .replace("CHECKUP", "MASSAGE"))
                .post("/api/v1/admin/services")
                .then()
                .statusCode(400);
    }

    @Test
    void bookingRulesAnswerWithTheirCodes() {
        long forCouriers = BookingTestData.service(BookingTestData.serviceBody(
                Fixtures.unique("快递员体检"),
                BookingTestData.now().minusSeconds(1),
                60,
                "",
                "{\"tags\":[\"courier\"],\"orgIds\":[]}"));
        long later = BookingTestData.service(BookingTestData.serviceBody(
                Fixtures.unique("下周放号"), BookingTestData.now().plusDays(1), 60, "", "{}"));
        List<Long> slots = slots(forCouriers, day(2), 2, 1);
        long laterSlot = slots(later, day(3), 1, 5).get(0);
        String courier = Fixtures.verifiedMember("courier", "org-1").accessToken();
        String courier2 = Fixtures.verifiedMember("courier", "org-1").accessToken();
        String driver = Fixtures.verifiedMember("driver", "org-1").accessToken();
        String unverified = Fixtures.newMember().accessToken();

        book(unverified, forCouriers, slots.get(0)).statusCode(403).body("code", is("NOT_VERIFIED"));
        book(driver, forCouriers, slots.get(0)).statusCode(403).body("code", is("NOT_ELIGIBLE"));
        book(courier, later, laterSlot).statusCode(409).body("code", is("BOOKING_NOT_OPEN"));
        book(courier, 999_999_999L, slots.get(0)).statusCode(404).body("code", is("SERVICE_NOT_FOUND"));
        book(courier, forCouriers, 999_999_999L).statusCode(404).body("code", is("SLOT_NOT_FOUND"));
        book(courier, forCouriers, laterSlot).statusCode(404).body("code", is("SLOT_NOT_FOUND"));
        JsonPath booked = book(courier, forCouriers, slots.get(0))
                .statusCode(201)
                .body("status", is("BOOKED"))
                .body("code", matchesPattern("\\d{8}"))
                .body("slotId", is(slots.get(0).intValue()))
                .extract()
                .jsonPath();
        assertTrue(CheckDigit.valid(booked.getString("code")), "booking codes carry their check digit");
        book(courier, forCouriers, slots.get(1))
                .statusCode(409)
                .body("code", is("ALREADY_BOOKED"))
                .body("bookingId", is(booked.getInt("bookingId")));
        book(courier2, forCouriers, slots.get(0))
                .statusCode(409)
                .body("code", is("SLOT_FULL"))
                .contentType("application/problem+json");
        given().auth()
                .oauth2(courier)
                .get("/api/v1/me/bookings")
                .then()
                .statusCode(200)
                .body("items[0].bookingId", is(booked.getInt("bookingId")))
                .body("items[0].code", is(booked.getString("code")))
                .body("items[0].status", is("BOOKED"));
        assertEquals(0, remaining(forCouriers, slots.get(0)));
        assertEquals(1, remaining(forCouriers, slots.get(1)));

        shiftTo(clock, day(2).plusMinutes(31)); // the first slot is over, the second has begun
        book(courier2, forCouriers, slots.get(1)).statusCode(409).body("code", is("SLOT_PAST"));
        given().auth()
                .oauth2(Fixtures.staffToken())
                .contentType(ContentType.JSON)
                .body("{\"slotId\":" + slots.get(0) + "}")
                .post("/api/v1/services/" + forCouriers + "/bookings")
                .then()
                .statusCode(403);
        given().contentType(ContentType.JSON)
                .body("{\"slotId\":" + slots.get(0) + "}")
                .post("/api/v1/services/" + forCouriers + "/bookings")
                .then()
                .statusCode(401);
        book(courier2, forCouriers, 0).statusCode(400);
    }

    @Test
    void aMoveIsOneStepAndAFullSlotKeepsTheOldSeat() {
        long service = BookingTestData.openService();
        List<Long> s = slots(service, day(2), 3, 1);
        String a = Fixtures.verifiedMember("", null).accessToken();
        String b = Fixtures.verifiedMember("", null).accessToken();
        String stranger = Fixtures.verifiedMember("", null).accessToken();
        long mine =
                book(a, service, s.get(0)).statusCode(201).extract().jsonPath().getLong("bookingId");
        book(b, service, s.get(1)).statusCode(201);

        move(a, mine, s.get(1)).statusCode(409).body("code", is("SLOT_FULL"));
        given().auth()
                .oauth2(a)
                .get("/api/v1/me/bookings")
                .then()
                .body("items[0].slotId", is(s.get(0).intValue()));
        assertEquals(0, remaining(service, s.get(0)));

        String code = move(a, mine, s.get(2))
                .statusCode(200)
                .body("slotId", is(s.get(2).intValue()))
                .body("status", is("BOOKED"))
                .extract()
                .jsonPath()
                .getString("code");
        assertEquals(1, remaining(service, s.get(0)));
        assertEquals(0, remaining(service, s.get(2)));
        given().auth()
                .oauth2(a)
                .get("/api/v1/me/bookings")
                .then()
                .body("items[0].slotId", is(s.get(2).intValue()))
                .body("items[0].code", is(code));
        move(a, mine, 999_999_999L).statusCode(404).body("code", is("SLOT_NOT_FOUND"));
        move(stranger, mine, s.get(0)).statusCode(404).body("code", is("BOOKING_NOT_FOUND"));
        given().auth()
                .oauth2(stranger)
                .delete("/api/v1/me/bookings/" + mine)
                .then()
                .statusCode(404)
                .body("code", is("BOOKING_NOT_FOUND"));
    }

    private static io.restassured.response.ValidatableResponse move(String token, long bookingId, long slotId) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"slotId\":" + slotId + "}")
                .put("/api/v1/me/bookings/" + bookingId)
                .then();
    }

    @Test
    void cancellingUntilTheDeadlineReturnsTheSeatOnce() {
        long service = BookingTestData.openService(); // cancellable until 120 minutes before
        long slot = slots(service, day(2), 1, 1).get(0);
        String a = Fixtures.verifiedMember("", null).accessToken();
        String b = Fixtures.verifiedMember("", null).accessToken();
        long first = book(a, service, slot).statusCode(201).extract().jsonPath().getLong("bookingId");
        given().auth().oauth2(a).delete("/api/v1/me/bookings/" + first).then().statusCode(204);
        given().auth().oauth2(a).delete("/api/v1/me/bookings/" + first).then().statusCode(204);
        assertEquals(1, remaining(service, slot));
        given().auth()
                .oauth2(a)
                .get("/api/v1/me/bookings")
                .then()
                .body("items[0].status", is("CANCELLED"))
                .body("items[0].code", nullValue());

        long second =
                book(b, service, slot).statusCode(201).extract().jsonPath().getLong("bookingId");
        assertEquals(0, remaining(service, slot));
        shiftTo(clock, day(2).minusMinutes(119));
        given().auth()
                .oauth2(b)
                .delete("/api/v1/me/bookings/" + second)
                .then()
                .statusCode(409)
                .body("code", is("CANCEL_TOO_LATE"));
        move(b, second, slot + 0).statusCode(200); // the same slot: nothing to do
        assertEquals(0, remaining(service, slot));
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstBooking() {
        long service = BookingTestData.openService();
        List<Long> s = slots(service, day(2), 2, 5);
        String m = Fixtures.verifiedMember("", null).accessToken();
        JsonPath first = given().auth()
                .oauth2(m)
                .header("Idempotency-Key", "b-1")
                .contentType(ContentType.JSON)
                .body("{\"slotId\":" + s.get(0) + "}")
                .post("/api/v1/services/" + service + "/bookings")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        JsonPath again = given().auth()
                .oauth2(m)
                .header("Idempotency-Key", "b-1")
                .contentType(ContentType.JSON)
                .body("{\"slotId\":" + s.get(0) + "}")
                .post("/api/v1/services/" + service + "/bookings")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertEquals(first.getLong("bookingId"), again.getLong("bookingId"));
        assertEquals(first.getString("code"), again.getString("code"));
        given().auth()
                .oauth2(m)
                .header("Idempotency-Key", "b-2")
                .contentType(ContentType.JSON)
                .body("{\"slotId\":" + s.get(1) + "}")
                .post("/api/v1/services/" + service + "/bookings")
                .then()
                .statusCode(409)
                .body("code", is("ALREADY_BOOKED"));
        assertEquals(4, remaining(service, s.get(0)));
    }

    @Test
    void codesAreVerifiedOnlyInTheirWindowOnceAndTheMemberIsToldLive() throws Exception {
        long station = Fixtures.station(Fixtures.unique("体检中心"));
        long elsewhere = Fixtures.station(Fixtures.unique("别处"));
        String title = Fixtures.unique("体检");
        long service = BookingTestData.service(BookingTestData.serviceBody(
                title, BookingTestData.now().minusSeconds(1), 60, String.valueOf(station), "{}"));
        long slot = slots(service, day(2), 1, 5).get(0);
        var member = Fixtures.verifiedMember("", null);
        String staff = Fixtures.staffToken(station);
        String otherStaff = Fixtures.staffToken(station);
        String wrongStation = Fixtures.staffToken(elsewhere);
        JsonPath booked = book(member.accessToken(), service, slot)
                .statusCode(201)
                .extract()
                .jsonPath();
        String code = booked.getString("code");

        shiftTo(clock, day(2).minusMinutes(31));
        verify(staff, code).statusCode(409).body("code", is("BOOKING_NOT_NOW"));
        shiftTo(clock, day(2).minusMinutes(29));
        verify(wrongStation, code).statusCode(403).body("code", is("WRONG_STATION"));
        try (LiveClient phone = LiveClient.withHeader(RestAssured.port, member.accessToken(), null)) {
            verify(staff, code)
                    .statusCode(200)
                    .body("kind", is("BOOKING"))
                    .body("refId", is(booked.getInt("bookingId")))
                    .body("stationId", is((int) station))
                    .body("memberName", is("测**"))
                    .body("item", containsString(title));
            JsonPath told = phone.awaitType("verified", Duration.ofSeconds(5)).json();
            assertEquals("BOOKING", told.getString("kind"));
            assertEquals(booked.getLong("bookingId"), told.getLong("refId"));
        }
        verify(staff, code).statusCode(200).body("kind", is("BOOKING")); // the same counter retrying
        verify(otherStaff, code).statusCode(409).body("code", is("CODE_ALREADY_USED"));
        given().auth()
                .oauth2(staff)
                .get("/api/v1/staff/verifications")
                .then()
                .statusCode(200)
                .body("find { it.refId == " + booked.getInt("bookingId") + " }.kind", is("BOOKING"))
                .body("find { it.refId == " + booked.getInt("bookingId") + " }.item", is(title));
        given().auth()
                .oauth2(member.accessToken())
                .get("/api/v1/me/bookings")
                .then()
                .body("items[0].status", is("VERIFIED"));
        verify(staff, CheckDigit.append("1234567")).statusCode(404).body("code", is("CODE_INVALID"));

        // a verified booking is over: the member may book the service again; after the slot, codes are refused
        long next = slots(service, day(5), 1, 5).get(0);
        String code2 = book(member.accessToken(), service, next)
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("code");
        shiftTo(clock, day(5).plusMinutes(30));
        verify(staff, code2).statusCode(409).body("code", is("BOOKING_NOT_NOW"));
    }

    private static io.restassured.response.ValidatableResponse verify(String staff, String code) {
        return given().auth()
                .oauth2(staff)
                .contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\"}")
                .post("/api/v1/staff/verifications")
                .then();
    }

    @Test
    void noShowsAreMarkedOnceAndThreeSuspendTheMember() throws Exception {
        long service = BookingTestData.openService();
        List<Long> s =
                slots(service, day(2), 7, 5); // every other one is used, so the next is still ahead when one ends
        var member = Fixtures.verifiedMember("", null);
        String m = member.accessToken();
        for (int i = 0; i < 3; i++) {
            long booking = book(m, service, s.get(2 * i))
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("bookingId");
            shiftTo(clock, day(2).plusMinutes(60L * i + 30));
            // every replica sweeps at once: each booking is marked (and its member told) by exactly one of them
            List<Thread> replicas = new java.util.ArrayList<>();
            for (int r = 0; r < 4; r++) {
                Thread t = new Thread(sweeper::markNoShows);
                replicas.add(t);
                t.start();
            }
            for (Thread t : replicas) {
                t.join();
            }
            assertEquals(
                    1,
                    Fixtures.query(
                                    "SELECT COUNT(*) FROM inbox_message WHERE member_id = ? AND kind = 'BOOKING_NO_SHOW' AND ref_id = ?",
                                    rs -> rs.getInt(1),
                                    member.id(),
                                    booking)
                            .get(0),
                    "told once");
            assertEquals(
                    1,
                    Fixtures.query(
                                    "SELECT COUNT(*) FROM booking WHERE id = ? AND status = 'NO_SHOW'",
                                    rs -> rs.getInt(1),
                                    booking)
                            .get(0));
            given().auth()
                    .oauth2(m)
                    .get("/api/v1/me/bookings")
                    .then()
                    .body("items.find { it.bookingId == " + booking + " }.status", is("NO_SHOW"));
        }
        book(m, service, s.get(6)).statusCode(409).body("code", is("BOOKING_SUSPENDED"));
        given().auth().oauth2(m).get("/api/v1/me/inbox").then().body("items.kind", hasItem("BOOKING_NO_SHOW"));
        assertEquals(
                1,
                Fixtures.query(
                                "SELECT COUNT(*) FROM booking_suspension WHERE member_id = ?",
                                rs -> rs.getInt(1),
                                member.id())
                        .get(0));
        // a code whose slot passed unverified is expired at the counter
        String code = Fixtures.query(
                        "SELECT code FROM booking WHERE member_id = ? ORDER BY id LIMIT 1",
                        rs -> rs.getString(1),
                        member.id())
                .get(0);
        verify(Fixtures.staffToken(Fixtures.station(Fixtures.unique("站"))), code)
                .statusCode(410)
                .body("code", is("CODE_EXPIRED"));
    }

    @Test
    void membersAreRemindedTheDayBeforeOnce() {
        long service = BookingTestData.openService();
        long slot = slots(service, day(2), 1, 5).get(0);
        var member = Fixtures.verifiedMember("", null);
        long booking = book(member.accessToken(), service, slot)
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("bookingId");
        shiftTo(clock, day(1).withHour(9));
        sweeper.remind();
        sweeper.remind();
        List<Integer> reminders = given().auth()
                .oauth2(member.accessToken())
                .get("/api/v1/me/inbox")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.findAll { it.kind == 'BOOKING_REMINDER' }.refId", Integer.class);
        assertEquals(List.of((int) booking), reminders);
    }

    @Test
    void figuresPerServiceAndSlotAlsoAsCsv() {
        long service = BookingTestData.service(
                BookingTestData.serviceBody("=体检", BookingTestData.now().minusSeconds(1), 60, "", "{}"));
        List<Long> s = slots(service, day(2), 2, 3);
        String a = Fixtures.verifiedMember("", null).accessToken();
        String b = Fixtures.verifiedMember("", null).accessToken();
        book(a, service, s.get(0)).statusCode(201);
        long cancelled =
                book(b, service, s.get(0)).statusCode(201).extract().jsonPath().getLong("bookingId");
        given().auth()
                .oauth2(b)
                .delete("/api/v1/me/bookings/" + cancelled)
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(Fixtures.adminToken())
                .get("/api/v1/admin/services/" + service + "/figures")
                .then()
                .statusCode(200)
                .body("booked", is(1))
                .body("cancellations", is(1))
                .body("slots[0].booked", is(1))
                .body("slots[0].cancellations", is(1))
                .body("slots[1].booked", is(0))
                .body("verified", is(0))
                .body("noShows", is(0));
        given().auth()
                .oauth2(Fixtures.adminToken())
                .get("/api/v1/admin/services/" + service + "/slots/" + s.get(0) + "/bookings")
                .then()
                .statusCode(200)
                .body("items.size()", is(2))
                .body("items[0].memberName", is("测**"))
                .body("items[1].status", is("CANCELLED"));
        String csv = given().auth()
                .oauth2(Fixtures.adminToken())
                .get("/api/v1/admin/services/" + service + "/figures.csv")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();
        assertTrue(csv.startsWith("\uFEFFserviceId,title,slotId"), csv);
        assertTrue(csv.contains(",\"'=体检\"," + s.get(0) + ","), "formula neutralised: " + csv);
        given().auth()
                .oauth2(a)
                .get("/api/v1/admin/services/" + service + "/figures")
                .then()
                .statusCode(403);
    }
}
