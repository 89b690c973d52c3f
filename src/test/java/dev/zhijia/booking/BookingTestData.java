package dev.zhijia.booking;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import dev.zhijia.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** Services and slots made through the admin API. */
public final class BookingTestData {

    static final ZoneOffset ZONE = ZoneOffset.ofHours(8);

    private BookingTestData() {}

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZONE);
    }

    /** Tomorrow + {@code days} at 10:00 (service zone): a slot start safely in the future. */
    public static OffsetDateTime day(int days) {
        return now().plusDays(1 + days).withHour(10).withMinute(0).withSecond(0).withNano(0);
    }

    static String serviceBody(
            String title, OffsetDateTime releaseAt, int cancelMinutesBefore, String stationIds, String eligibility) {
        return "{\"title\":\"" + title + "\",\"kind\":\"CHECKUP\",\"description\":\"免费体检\",\"stationIds\":["
                + stationIds + "],\"releaseAt\":\"" + releaseAt + "\",\"cancelMinutesBefore\":" + cancelMinutesBefore
                + ",\"eligibility\":" + eligibility + "}";
    }

    /** Released a second ago; cancellable until 2 h before a slot; any verified member; verified at any station. */
    public static long openService() {
        return service(serviceBody(Fixtures.unique("体检"), now().minusSeconds(1), 120, "", "{}"));
    }

    static long service(String json) {
        return given().auth()
                .oauth2(Fixtures.adminToken())
                .contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/admin/services")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    static ValidatableResponse addSlots(long serviceId, String json) {
        return given().auth()
                .oauth2(Fixtures.adminToken())
                .contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1/admin/services/" + serviceId + "/slots")
                .then();
    }

    /** {@code count} back-to-back 30-minute slots from {@code first}, each of {@code capacity} seats: their ids, soonest first. */
    public static List<Long> slots(long serviceId, OffsetDateTime first, int count, int capacity) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            OffsetDateTime start = first.plusMinutes(30L * i);
            list.append(i == 0 ? "" : ",")
                    .append("{\"startsAt\":\"")
                    .append(start)
                    .append("\",\"endsAt\":\"")
                    .append(start.plusMinutes(30))
                    .append("\",\"capacity\":")
                    .append(capacity)
                    .append('}');
        }
        addSlots(serviceId, "{\"slots\":[" + list + "]}").statusCode(201);
        return given().queryParam("from", first.toLocalDate().toString())
                .queryParam("to", first.plusMinutes(30L * count).toLocalDate().toString())
                .get("/api/v1/services/" + serviceId + "/slots")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.slotId", Long.class)
                .subList(0, count);
    }

    public static ValidatableResponse book(String token, long serviceId, long slotId) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"slotId\":" + slotId + "}")
                .post("/api/v1/services/" + serviceId + "/bookings")
                .then();
    }

    static int remaining(long serviceId, long slotId) {
        List<Integer> left = given().queryParam("from", now().toLocalDate().toString())
                .queryParam("to", now().plusDays(40).toLocalDate().toString())
                .get("/api/v1/services/" + serviceId + "/slots")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.findAll { it.slotId == " + slotId + " }.remaining", Integer.class);
        return left.get(0);
    }
}
