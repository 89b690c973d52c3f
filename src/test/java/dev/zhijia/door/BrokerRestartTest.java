package dev.zhijia.door;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.zhijia.door.DoorTestData.door;
import static dev.zhijia.door.DoorTestData.enter;
import static dev.zhijia.door.DoorTestData.entries;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker goes away and comes back: scans meanwhile are DOOR_OFFLINE at once (none hangs), the service and
 * the door reconnect by themselves, and the next scan opens. On a private Mosquitto (PrivateBroker).
 */
@QuarkusTest
@QuarkusTestResource(value = PrivateBroker.class, restrictToAnnotatedClass = true)
class BrokerRestartTest {

    @Inject
    DoorLink link;

    @AfterEach
    void stop() {
        DoorTestData.closeSimulators();
        PrivateBroker.up();
    }

    @Test
    void aBrokerRestartIsSurvived() {
        await().atMost(Duration.ofSeconds(15)).until(link::connected);
        long station = Fixtures.station(Fixtures.unique("驿站"));
        DoorTestData.NewDoor d = door(station, "正门");
        DoorSimulator sim = DoorTestData.simulator(d, PrivateBroker.url());
        Fixtures.MemberLogin member = Fixtures.verifiedMember("", "root");
        enter(member, d.doorId(), sim.qr()).statusCode(201);

        PrivateBroker.down();
        await().atMost(Duration.ofSeconds(15)).until(() -> !link.connected());
        List<Burst.Call> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(new Burst.Call(
                    "POST",
                    "/api/v1/doors/" + d.doorId() + "/entries",
                    member.accessToken(),
                    "{\"qr\":\"" + sim.qr() + "\"}"));
        }
        long t0 = System.nanoTime();
        List<Burst.Answer> answers = Burst.fire(calls, calls.size());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(answers.stream().allMatch(a -> a.status() == 503 && "DOOR_OFFLINE".equals(a.code())), "" + answers);
        assertTrue(millis < 3000, "refused at once while the link is down, not after a wait: " + millis + " ms");

        PrivateBroker.up();
        await().atMost(Duration.ofSeconds(20)).until(link::connected);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> enter(member, d.doorId(), sim.qr()).extract().statusCode(), is(201));
        assertEquals(2, entries(d.doorId()), "the two opened scans, none of the refused ones");
    }
}
