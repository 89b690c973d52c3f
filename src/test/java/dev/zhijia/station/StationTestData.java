package dev.zhijia.station;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import dev.zhijia.testsupport.Fixtures;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;

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
        String body =
                "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"lat\":" + north(metres) + ",\"lng\":" + lng
                        + ",\"address\":\"测试路1号\",\"services\":[\"DRINKING_WATER\",\"REST\"],\"hours\":" + hoursJson
                        + ",\"waterStock\":" + waterStock + "}";
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/admin/stations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    long createNorth(String name, double metres) {
        return create(name, metres, "WATER_STATION", ALWAYS_OPEN, 50);
    }

    /**
     * Runs {@code n} calls at once, each on its own thread, released together by a latch; returns their
     * answers (HTTP statuses, say) in call order.
     */
    static <T> List<T> race(int n, IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.apply(k);
                }));
            }
            ready.await();
            go.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A member verified against a fresh roster entry under this name (what masked lists show as 张*). */
    static Fixtures.MemberLogin verifiedMember(String name) {
        Fixtures.MemberLogin m = Fixtures.newMember();
        String card = Fixtures.unique("C");
        Fixtures.importRoster("name,cardNo,phone,orgId,tags\n" + name + "," + card + ",13800001111,org-s,courier\n");
        given().auth()
                .oauth2(m.accessToken())
                .contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"cardNo\":\"" + card + "\"}")
                .post("/api/v1/me/verification")
                .then()
                .statusCode(200);
        return m;
    }
}
