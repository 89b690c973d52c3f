package dev.zhijia.station;

import static io.restassured.RestAssured.given;

import java.util.concurrent.ThreadLocalRandom;

import io.restassured.http.ContentType;

import dev.zhijia.testsupport.Fixtures;

/** Stations made through the admin API, around an origin of the test's own (so tests never see each other's stations). */
final class StationTestData {

    /** Degrees of latitude per metre along a meridian: a north offset of d metres is exactly d metres away. */
    static final double DEG_PER_METRE = 180.0 / (Math.PI * Geo.EARTH_RADIUS);

    final double lat;
    final double lng;
    final String admin = Fixtures.adminToken();

    StationTestData() {
        // somewhere in western China, far from any other test's origin
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.lat = 28 + r.nextDouble() * 8;
        this.lng = 80 + r.nextDouble() * 15;
    }

    double north(double metres) {
        return lat + metres * DEG_PER_METRE;
    }

    static final String ALWAYS_OPEN = "{\"open24h\":true}";

    /** A station {@code metres} north of the origin. */
    long create(String name, double metres, String type, String hoursJson, int waterStock) {
        String body = "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"lat\":" + north(metres) + ",\"lng\":" + lng
                + ",\"address\":\"测试路1号\",\"services\":[\"DRINKING_WATER\",\"REST\"],\"hours\":" + hoursJson
                + ",\"waterStock\":" + waterStock + "}";
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/api/v1/admin/stations")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    long createNorth(String name, double metres) {
        return create(name, metres, "WATER_STATION", ALWAYS_OPEN, 50);
    }
}
