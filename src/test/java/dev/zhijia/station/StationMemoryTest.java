package dev.zhijia.station;

import java.util.List;

import jakarta.inject.Inject;

import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StationMap;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * Nearby answers from each replica's memory ({@link StationMemory}) and still shows every change at once: made
 * here (applied as it is written to Redis), made on another replica (written to Redis by that replica: the
 * change count moves, and this replica reads the stations the change log names), or missed beyond the log
 * (everything loaded from MySQL again).
 */
@QuarkusTest
@Tag("redis")
class StationMemoryTest {

    @Inject
    StationIndex index;

    @Inject
    RedisDataSource redis;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void mapBack() {
        StationMap.awaitRebuilt();
    }

    private static ValidatableResponse nearby(StationTestData d, String query) {
        return given().get("/api/v1/stations/nearby?lat=" + d.lat + "&lng=" + d.lng + query)
                .then()
                .statusCode(200);
    }

    private static long version(long id) {
        return Fixtures.query("SELECT version FROM station WHERE id = ?", rs -> rs.getLong(1), id)
                .get(0);
    }

    private static StationDoc doc(StationTestData d, long id, String name, double metres, long version) {
        return new StationDoc(
                id,
                name,
                StationType.WATER_STATION,
                d.north(metres),
                d.lng,
                "测试路1号",
                List.of(ServiceTag.DRINKING_WATER, ServiceTag.REST),
                true,
                null,
                null,
                null,
                0,
                true,
                version);
    }

    /** What another replica's edit leaves behind: the row in MySQL, then its copy in Redis (the count moved). */
    private void editedElsewhere(StationTestData d, long id, String name, double metres) throws Exception {
        long version = version(id) + 1;
        exec("UPDATE station SET name = '" + name + "', lat = " + d.north(metres) + ", version = " + version
                + " WHERE id = " + id);
        index.put(id, version, doc(d, id, name, metres, version));
    }

    @Test
    void anEditHereIsVisibleAtOnce() {
        StationTestData d = new StationTestData();
        long id = d.createNorth("此处站", 100);
        nearby(d, "").body("items.id", contains((int) id)).body("items[0].name", is("此处站"));
        given().auth()
                .oauth2(d.admin)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"此处新站\",\"type\":\"WATER_STATION\",\"lat\":" + d.north(300) + ",\"lng\":" + d.lng
                        + ",\"hours\":{\"open24h\":true}}")
                .put("/api/v1/admin/stations/" + id)
                .then()
                .statusCode(200);
        nearby(d, "").body("items[0].name", is("此处新站")).body("items[0].distanceMeters", is(300));
    }

    @Test
    void anotherReplicasChangesAreVisibleAsSoonAsTheyAreInRedis() throws Exception {
        StationTestData d = new StationTestData();
        long moved = d.createNorth("别处站", 100);
        long gone = d.createNorth("将删站", 200);
        nearby(d, "").body("items.id", contains((int) moved, (int) gone));

        editedElsewhere(d, moved, "别处新站", 900);
        nearby(d, "").body("items.id", contains((int) gone, (int) moved)).body("items[1].name", is("别处新站"));
        nearby(d, "&radius=500").body("items.id", contains((int) gone));

        long version = version(gone) + 1;
        exec("UPDATE station SET deleted_at = NOW(6), version = " + version + " WHERE id = " + gone);
        index.put(gone, version, null);
        nearby(d, "").body("items.id", contains((int) moved));
        nearby(d, "&type=WATER_STATION").body("items.id", contains((int) moved));
    }

    @Test
    void changesBeyondTheLogAreLoadedFromMySql() throws Exception {
        StationTestData d = new StationTestData();
        long id = d.createNorth("远期站", 100);
        nearby(d, "").body("items[0].name", is("远期站"));
        // another replica's edit whose log entry has been pushed out by more changes than the log keeps
        editedElsewhere(d, id, "远期新站", 400);
        exec("UPDATE station SET name = '远期再改站' WHERE id = " + id);
        redis.value(Long.class).incrby(StationMemory.COUNT, StationMemory.LOG_LENGTH + 1);
        nearby(d, "").body("items[0].name", is("远期再改站")).body("items[0].distanceMeters", is(400));
        nearby(d, "&radius=300").body("items", empty());
    }

    private void exec(String sql) throws Exception {
        try (var c = dataSource.getConnection();
                var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
