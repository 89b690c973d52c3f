package dev.zhijia.door;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.TestClock;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.zhijia.door.DoorTestData.door;
import static dev.zhijia.door.DoorTestData.enter;
import static dev.zhijia.door.DoorTestData.entries;
import static dev.zhijia.door.DoorTestData.simulator;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Station entry on the real Mosquitto broker, with the repository's door simulator as the device. */
@QuarkusTest
class DoorsTest {

    @Inject
    ShiftableClock clock;

    @Inject
    DoorLink link;

    @Inject
    Vertx vertx;

    @Inject
    DoorConfig config;

    @BeforeEach
    void connected() {
        clock.reset();
        await().atMost(Duration.ofSeconds(15)).until(link::connected);
    }

    @AfterEach
    void stop() {
        DoorTestData.closeSimulators();
        clock.reset();
    }

    @Test
    void theDoorOpensToAVerifiedMembersScanAndOnlyThenIsTheEntryLogged() {
        long station = Fixtures.station(Fixtures.unique("24小时驿站"));
        DoorTestData.NewDoor d = door(station, "正门");
        assertEquals(43, d.secret().length());
        byte[] stored = Fixtures.query("SELECT secret_enc FROM door WHERE id = ?", rs -> rs.getBytes(1), d.doorId())
                .get(0);
        assertFalse(
                new String(stored, StandardCharsets.ISO_8859_1).contains(d.secret()), "the secret is stored sealed");
        Fixtures.asAdmin()
                .get("/api/v1/admin/stations/" + station + "/doors")
                .then()
                .statusCode(200)
                .body("[0].doorId", is((int) d.doorId()))
                .body("[0].online", is(false))
                .body("[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("deviceSecret")));

        DoorSimulator sim = simulator(d);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Fixtures.asAdmin()
                        .get("/api/v1/admin/stations/" + station + "/doors")
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("[0].online"));

        Fixtures.MemberLogin member = Fixtures.verifiedMember("", "root");
        JsonPath opened = enter(member, d.doorId(), sim.qr())
                .statusCode(201)
                .body("status", is("OPENED"))
                .body("doorId", is((int) d.doorId()))
                .body("stationId", is((int) station))
                .body("at", notNullValue())
                .extract()
                .jsonPath();
        assertEquals(1, sim.opened());
        assertEquals(1, entries(d.doorId()));
        enter(member, d.doorId(), sim.qr()).statusCode(201);
        assertEquals(2, entries(d.doorId()));

        // figures: two entries, one entrant, today; occupancy on the admin's station detail
        String today = clock.today().toString();
        JsonPath figures = Fixtures.asAdmin()
                .get("/api/v1/admin/stats/stations?from=" + today + "&to=" + today)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(2, figures.getInt("items.find { it.stationId == " + station + " }.entries"));
        assertEquals(1, figures.getInt("items.find { it.stationId == " + station + " }.entrants"));
        assertEquals(
                List.of(2, 1),
                Fixtures.query(
                                "SELECT entries, entrants FROM figure_station_day WHERE station_id = ? AND day = ?",
                                rs -> List.of(rs.getInt(1), rs.getInt(2)),
                                station,
                                LocalDate.parse(today))
                        .get(0));
        Fixtures.asAdmin()
                .get("/api/v1/stations/" + station)
                .then()
                .statusCode(200)
                .body("entriesLastHour", is(2));

        // the log: admins see the name, the station's staff see it masked, other staff nothing
        Fixtures.asAdmin()
                .get("/api/v1/admin/stations/" + station + "/entries")
                .then()
                .statusCode(200)
                .body("items[0].memberName", is("测试员"))
                .body("items.entryId", hasItem(opened.getInt("entryId")))
                .body("items[0].doorName", is("正门"));
        given().auth()
                .oauth2(Fixtures.staffToken(station))
                .get("/api/v1/admin/stations/" + station + "/entries?limit=1")
                .then()
                .statusCode(200)
                .body("items.size()", is(1))
                .body("items[0].memberName", is("测**"))
                .body("nextCursor", notNullValue());
        given().auth()
                .oauth2(Fixtures.staffToken(station))
                .get("/api/v1/staff/stations/" + station + "/doors")
                .then()
                .statusCode(200)
                .body("[0].online", is(true));
        long elsewhere = Fixtures.station(Fixtures.unique("别处"));
        given().auth()
                .oauth2(Fixtures.staffToken(elsewhere))
                .get("/api/v1/admin/stations/" + station + "/entries")
                .then()
                .statusCode(403);
        Fixtures.as(member)
                .get("/api/v1/admin/stations/" + station + "/entries")
                .then()
                .statusCode(403);
    }

    @Test
    void refusalsChangeNothingAndOpenNothing() {
        long station = Fixtures.station(Fixtures.unique("驿站"));
        DoorTestData.NewDoor d = door(station, "正门");
        DoorTestData.NewDoor other = door(station, "侧门");
        DoorSimulator sim = simulator(d);
        Fixtures.MemberLogin member = Fixtures.verifiedMember("", "root");

        enter(Fixtures.newMember(), d.doorId(), sim.qr()).statusCode(403).body("code", is("NOT_VERIFIED"));
        enter(member, 999_999_999L, sim.qr()).statusCode(404).body("code", is("DOOR_NOT_FOUND"));
        String forged = sim.qr().substring(0, sim.qr().length() - 4) + "beef";
        enter(member, d.doorId(), forged).statusCode(403).body("code", is("DOOR_QR_INVALID"));
        enter(member, d.doorId(), "zjdoor:x").statusCode(403).body("code", is("DOOR_QR_INVALID"));
        // another door's code, and a code two windows old
        enter(member, d.doorId(), DoorProtocol.qr(other.doorId(), other.secret(), DoorProtocol.window(clock.instant())))
                .statusCode(403)
                .body("code", is("DOOR_QR_INVALID"));
        enter(member, d.doorId(), DoorProtocol.qr(d.doorId(), d.secret(), DoorProtocol.window(clock.instant()) - 2))
                .statusCode(403)
                .body("code", is("DOOR_QR_INVALID"));
        // the previous window is still accepted
        enter(member, d.doorId(), DoorProtocol.qr(d.doorId(), d.secret(), DoorProtocol.window(clock.instant()) - 1))
                .statusCode(201);
        Fixtures.as(member)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/doors/" + d.doorId() + "/entries")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        enter(member, -3, sim.qr()).statusCode(400);
        assertEquals(1, sim.opened());
        assertEquals(1, entries(d.doorId()));

        // a station with hours: closed at 23:00
        long daytime = Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(
                        "{\"name\":\"" + Fixtures.unique("日间站")
                                + "\",\"type\":\"SERVICE_CENTER\",\"lat\":31.2,\"lng\":121.4,\"hours\":{\"open24h\":false,\"opens\":\"08:00\",\"closes\":\"20:00\"}}")
                .post("/api/v1/admin/stations")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        DoorTestData.NewDoor dayDoor = door(daytime, "门");
        DoorSimulator daySim = simulator(dayDoor);
        TestClock.nextTimeOfDay(clock, 23, 0);
        enter(member, dayDoor.doorId(), daySim.qr()).statusCode(409).body("code", is("STATION_CLOSED"));
        TestClock.nextTimeOfDay(clock, 9, 0);
        enter(member, dayDoor.doorId(), daySim.qr()).statusCode(201);
        assertEquals(1, daySim.opened());
    }

    @Test
    void aFailingDoorIsDoorFailedAndASilentOneDoorOfflineWithinThreeSecondsNothingLogged() {
        long station = Fixtures.station(Fixtures.unique("驿站"));
        DoorTestData.NewDoor d = door(station, "正门");
        DoorSimulator sim = simulator(d);
        Fixtures.MemberLogin member = Fixtures.verifiedMember("", "root");

        sim.mode(DoorSimulator.Mode.FAIL);
        enter(member, d.doorId(), sim.qr()).statusCode(502).body("code", is("DOOR_FAILED"));
        sim.mode(DoorSimulator.Mode.SILENT);
        long t0 = System.nanoTime();
        enter(member, d.doorId(), sim.qr()).statusCode(503).body("code", is("DOOR_OFFLINE"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis >= 2900 && millis < 4500, "answered after the 3 s wait: " + millis + " ms");
        // a door nobody runs at all
        DoorTestData.NewDoor unplugged = door(station, "后门");
        enter(
                        member,
                        unplugged.doorId(),
                        DoorProtocol.qr(unplugged.doorId(), unplugged.secret(), DoorProtocol.window(clock.instant())))
                .statusCode(503)
                .body("code", is("DOOR_OFFLINE"));
        assertEquals(0, entries(d.doorId()) + entries(unplugged.doorId()));
        assertEquals(0, sim.opened());
        assertEquals(
                0L,
                Fixtures.query(
                                "SELECT COALESCE(SUM(entries), 0) FROM figure_station_day WHERE station_id = ?",
                                rs -> rs.getLong(1),
                                station)
                        .get(0));
    }

    @Test
    void concurrentScansAllOpenAndAreEachLoggedOnce() throws Exception {
        long station = Fixtures.station(Fixtures.unique("驿站"));
        DoorTestData.NewDoor a = door(station, "A");
        DoorTestData.NewDoor b = door(station, "B");
        DoorSimulator simA = simulator(a);
        DoorSimulator simB = simulator(b);
        List<Fixtures.MemberLogin> members = new ArrayList<>();
        // 24 at once: below the 40-connection pool, since every confirmed entry bumps the same station-day rollup
        // row and those commits queue on its lock (BENCHMARKS.md "Doors")
        for (int i = 0; i < 24; i++) {
            members.add(Fixtures.verifiedMember("", "root"));
        }
        List<Burst.Call> calls = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            DoorTestData.NewDoor d = i % 2 == 0 ? a : b;
            DoorSimulator s = i % 2 == 0 ? simA : simB;
            calls.add(new Burst.Call(
                    "POST",
                    "/api/v1/doors/" + d.doorId() + "/entries",
                    members.get(i).accessToken(),
                    "{\"qr\":\"" + s.qr() + "\"}"));
        }
        List<Burst.Answer> answers = Burst.fire(calls, calls.size());
        assertEquals(
                members.size(), answers.stream().filter(x -> x.status() == 201).count(), "answers: " + answers);
        assertEquals(12, entries(a.doorId()));
        assertEquals(12, entries(b.doorId()));
        assertEquals(24, simA.opened() + simB.opened());
        assertEquals(
                24L,
                Fixtures.query(
                                "SELECT COUNT(DISTINCT command_id) FROM door_entry WHERE station_id = ?",
                                rs -> rs.getLong(1),
                                station)
                        .get(0));
        assertEquals(
                List.of(24, 24),
                Fixtures.query(
                                "SELECT SUM(entries), SUM(entrants) FROM figure_station_day WHERE station_id = ?",
                                rs -> List.of(rs.getInt(1), rs.getInt(2)),
                                station)
                        .get(0));
    }

    @Test
    void aReplayedForgedOrExpiredCommandOpensNothingAndAForgedAnswerLogsNothing() throws Exception {
        long station = Fixtures.station(Fixtures.unique("驿站"));
        DoorTestData.NewDoor d = door(station, "正门");
        DoorSimulator sim = simulator(d);
        Fixtures.MemberLogin member = Fixtures.verifiedMember("", "root");

        // an eavesdropper on the broker records the service's command
        MqttClient spy = MqttClient.create(vertx, new MqttClientOptions().setClientId("spy-" + System.nanoTime()));
        List<Buffer> commands = new CopyOnWriteArrayList<>();
        spy.publishHandler(m -> commands.add(m.payload().copy()));
        java.net.URI broker = java.net.URI.create(config.brokerUrl());
        spy.connect(broker.getPort(), broker.getHost())
                .compose(ack -> spy.subscribe(DoorProtocol.commandsTopic(config.topicPrefix(), d.doorId()), 1))
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        try {
            enter(member, d.doorId(), sim.qr()).statusCode(201);
            await().atMost(Duration.ofSeconds(5)).until(() -> commands.size() == 1);
            assertEquals(1, sim.opened());
            String topic = DoorProtocol.commandsTopic(config.topicPrefix(), d.doorId());

            // replayed at once (still unexpired): the door has seen that command id
            publish(spy, topic, commands.get(0));
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.rejected() == 1);
            // replayed after it expired
            clock.shift(Duration.ofSeconds(4));
            publish(spy, topic, commands.get(0));
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.rejected() == 2);
            clock.reset();
            // forged: a fresh id and expiry, but not signed with the door's secret
            JsonObject original = commands.get(0).toJsonObject();
            long expiresAt = clock.instant().plusSeconds(3).toEpochMilli();
            String fresh = "f".repeat(32);
            publish(
                    spy,
                    topic,
                    new JsonObject()
                            .put("commandId", fresh)
                            .put("expiresAt", expiresAt)
                            .put("sig", DoorProtocol.commandSig("not-the-secret", fresh, d.doorId(), expiresAt))
                            .toBuffer());
            // the original signature on a later expiry
            publish(spy, topic, original.copy().put("expiresAt", expiresAt).toBuffer());
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.rejected() == 4);
            assertEquals(1, sim.opened(), "nothing opened by a replayed, expired or forged command");

            // a forged OPENED for a command nobody sent, on the events topic: no entry
            publish(
                    spy,
                    DoorProtocol.eventsTopic(config.topicPrefix(), d.doorId()),
                    new JsonObject()
                            .put("commandId", "a".repeat(32))
                            .put("result", "OPENED")
                            .toBuffer());
            Thread.sleep(300); // let it arrive; nothing may come of it
            assertEquals(1, entries(d.doorId()));
        } finally {
            spy.disconnect();
        }
    }

    @Test
    void offlineByStationCountsDoorsWithoutARecentHeartbeat() {
        long station = Fixtures.station(Fixtures.unique("驿站"));
        DoorTestData.NewDoor live = door(station, "A");
        door(station, "B");
        simulator(live);
        Doors doors = io.quarkus.arc.Arc.container().instance(Doors.class).get();
        dev.zhijia.org.Orgs orgs = io.quarkus.arc.Arc.container()
                .instance(dev.zhijia.org.Orgs.class)
                .get();
        java.util.function.Supplier<Integer> offline = () -> QuarkusTransaction.requiringNew()
                .call(() -> doors.offlineByStation(orgs.scopeOf("root")).get(station));
        await().atMost(Duration.ofSeconds(10)).until(offline::get, is(1));
        DoorTestData.closeSimulators();
        clock.shift(Duration.ofSeconds(120));
        assertEquals(2, offline.get());
    }

    private static void publish(MqttClient c, String topic, Buffer payload) throws Exception {
        c.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false)
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }
}
