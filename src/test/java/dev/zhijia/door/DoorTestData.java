package dev.zhijia.door;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.Vertx;

/** Doors made through the admin API, and door simulators (the repository's one) on the test's broker topics. */
final class DoorTestData {

    record NewDoor(long doorId, long stationId, String secret) {}

    private static final List<DoorSimulator> RUNNING = new ArrayList<>();

    private DoorTestData() {}

    static NewDoor door(long stationId, String name) {
        JsonPath body = Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}")
                .post("/api/v1/admin/stations/" + stationId + "/doors")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new NewDoor(body.getLong("doorId"), body.getLong("stationId"), body.getString("deviceSecret"));
    }

    /** A simulator on the service's own broker and topics, reading the service's clock; connected when returned. */
    static DoorSimulator simulator(NewDoor door) {
        DoorConfig config = Arc.container().instance(DoorConfig.class).get();
        return simulator(door, config.brokerUrl());
    }

    static DoorSimulator simulator(NewDoor door, String brokerUrl) {
        DoorConfig config = Arc.container().instance(DoorConfig.class).get();
        DoorSimulator sim = new DoorSimulator(
                Arc.container().instance(Vertx.class).get(),
                brokerUrl,
                config.topicPrefix(),
                door.doorId(),
                door.secret(),
                Arc.container().instance(ShiftableClock.class).get(),
                Duration.ofSeconds(1),
                null);
        try {
            sim.start().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the simulator did not connect", e);
        }
        synchronized (RUNNING) {
            RUNNING.add(sim);
        }
        return sim;
    }

    static void closeSimulators() {
        synchronized (RUNNING) {
            RUNNING.forEach(DoorSimulator::close);
            RUNNING.clear();
        }
    }

    static ValidatableResponse enter(Fixtures.MemberLogin member, long doorId, String qr) {
        return Fixtures.as(member)
                .contentType(ContentType.JSON)
                .body("{\"qr\":\"" + qr + "\"}")
                .post("/api/v1/doors/" + doorId + "/entries")
                .then();
    }

    static long entries(long doorId) {
        return Fixtures.query("SELECT COUNT(*) FROM door_entry WHERE door_id = ?", rs -> rs.getLong(1), doorId)
                .get(0);
    }
}
