package dev.zhijia.helpdesk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.notify.LiveClient;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StaffAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.zhijia.helpdesk.HelpdeskTestData.API;
import static dev.zhijia.helpdesk.HelpdeskTestData.assign;
import static dev.zhijia.helpdesk.HelpdeskTestData.move;
import static dev.zhijia.helpdesk.HelpdeskTestData.say;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code /console/live} on the running server with real WebSocket clients: a case's caseworker hears of everything
 * on it within a second, the admins over its org of new and overdue cases; another caseworker and the admin of
 * another district hear nothing; station staff and members are refused; a disabled account's socket closes.
 */
@QuarkusTest
class ConsoleLiveTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long a socket that must not hear of a case is watched after the last event it could have had. */
    private static final Duration QUIET = Duration.ofMillis(1500);

    @Inject
    ShiftableClock clock;

    @Inject
    HelpdeskSweeper sweeper;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A district with a street union below it, and another district; their admins and caseworkers. */
    private record City(
            String district,
            String street,
            String other,
            StaffAccounts.Login districtAdmin,
            StaffAccounts.Login otherAdmin,
            StaffAccounts.Login worker,
            StaffAccounts.Login colleague) {

        static City create() {
            String district = HelpdeskTestData.org();
            String street = HelpdeskTestData.org(district);
            String other = HelpdeskTestData.org();
            return new City(
                    district,
                    street,
                    other,
                    HelpdeskTestData.console(district, "admin"),
                    HelpdeskTestData.console(other, "admin"),
                    HelpdeskTestData.caseworker(district),
                    HelpdeskTestData.caseworker(district));
        }
    }

    private static LiveClient console(StaffAccounts.Login account) {
        return LiveClient.console(RestAssured.port, account.accessToken(), null);
    }

    /**
     * Runs {@code act} and returns the next {@code case} frame of this case and action, which must arrive within 1 s
     * of the write's answer. The change committed, and was pushed, before the service answered, so this bounds the
     * delivery; the request's own time (seconds on a loaded CI machine, for a cold code path) is not delivery and is
     * only printed.
     */
    private static LiveClient.Frame within1s(LiveClient client, long caseId, String action, Runnable act) {
        long started = System.nanoTime();
        act.run();
        long answered = System.nanoTime();
        LiveClient.Frame f = awaitCase(client, caseId, action);
        long millis = (f.receivedNanos() - answered) / 1_000_000;
        System.out.printf(
                "%s on case %d: request %d ms, console frame %d ms after the answer%n",
                action, caseId, (answered - started) / 1_000_000, millis);
        assertTrue(millis <= 1000, action + " delivered " + millis + " ms after the answer");
        return f;
    }

    /** The next {@code case} frame about this case with this action, skipping other tests' events. */
    private static LiveClient.Frame awaitCase(LiveClient client, long caseId, String action) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no case frame " + action + " for case " + caseId + " within " + WAIT);
            }
            LiveClient.Frame f = client.next(Duration.ofNanos(left));
            if ("case".equals(f.type())
                    && f.json().getLong("caseId") == caseId
                    && action.equals(f.json().getString("action"))) {
                return f;
            }
        }
    }

    /** Every frame about this case the client gets within {@link #QUIET}. */
    private static List<String> heardOf(LiveClient client, long caseId) throws InterruptedException {
        List<String> heard = new ArrayList<>();
        long deadline = System.nanoTime() + QUIET.toNanos();
        for (long left = QUIET.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LiveClient.Frame f = client.poll(Duration.ofNanos(left));
            if (f != null && f.text().contains("\"caseId\":" + caseId + ",")) {
                heard.add(f.text());
            }
        }
        return heard;
    }

    @Test
    void theCaseworkerHearsOfEverythingOnTheirCaseWithinOneSecondAndNobodyElseDoes() throws InterruptedException {
        City city = City.create();
        Fixtures.MemberLogin member = Fixtures.verifiedMember("courier", city.street());
        String root = Fixtures.adminToken();
        long caseId;
        try (LiveClient worker = console(city.worker());
                LiveClient colleague = console(city.colleague());
                LiveClient districtAdmin = console(city.districtAdmin());
                LiveClient otherAdmin = console(city.otherAdmin())) {
            // filed in the street union: the district's admin hears of it, the other district's does not
            caseId = HelpdeskTestData.file(member);
            long answered = System.nanoTime();
            LiveClient.Frame f = awaitCase(districtAdmin, caseId, "SUBMITTED");
            long millis = (f.receivedNanos() - answered) / 1_000_000;
            assertTrue(millis <= 1000, "a new case reached the district's admin " + millis + " ms after the answer");
            assertEquals("WAGE_ARREARS", f.json().getString("category"));
            assertEquals(city.street(), f.json().getString("orgId"));
            assertTrue(f.json().getString("id").matches("\\d+-\\d+"), "resumable event id");

            long id = caseId;
            f = within1s(
                    worker,
                    id,
                    "ACCEPTED",
                    () -> assign(root, id, city.worker().id()).statusCode(200));
            assertEquals("ACCEPTED", f.json().getString("status"));
            f = within1s(
                    worker,
                    id,
                    "MESSAGE",
                    () -> say(member.accessToken(), id, "欠条照片已上传").statusCode(201));
            assertFalse(f.text().contains("欠条"), "the frame says that, not what, the member wrote: " + f.text());
            // the caseworker's own moves reach their other devices too
            within1s(
                    worker,
                    id,
                    "IN_PROGRESS",
                    () -> move(city.worker().accessToken(), id, "IN_PROGRESS", null)
                            .statusCode(200));
            // and the member's rating once it is resolved
            within1s(
                    worker,
                    id,
                    "RESOLVED",
                    () -> move(city.worker().accessToken(), id, "RESOLVED", "已追回")
                            .statusCode(200));
            within1s(
                    worker,
                    id,
                    "RATED",
                    () -> Fixtures.as(member)
                            .contentType("application/json")
                            .body("{\"score\":5,\"comment\":\"很负责\"}")
                            .post(API + "/cases/" + id + "/rating")
                            .then()
                            .statusCode(201));

            assertEquals(List.of(), heardOf(colleague, caseId), "another caseworker hears nothing of the case");
            assertEquals(List.of(), heardOf(otherAdmin, caseId), "the other district's admin hears nothing");
            // admins hear of new and overdue cases, not of the work on them (that is the caseworker's)
            assertEquals(List.of(), heardOf(districtAdmin, caseId), "nothing after the filing for the admin");
        }
    }

    @Test
    void aReassignedCaseLeavesThePreviousCaseworkerAndReachesTheNextOne() throws InterruptedException {
        City city = City.create();
        Fixtures.MemberLogin member = Fixtures.verifiedMember("courier", city.district());
        String admin = city.districtAdmin().accessToken();
        long caseId = HelpdeskTestData.file(member);
        try (LiveClient worker = console(city.worker());
                LiveClient colleague = console(city.colleague())) {
            within1s(
                    worker,
                    caseId,
                    "ACCEPTED",
                    () -> assign(admin, caseId, city.worker().id()).statusCode(200));
            within1s(
                    colleague,
                    caseId,
                    "ASSIGNED",
                    () -> assign(admin, caseId, city.colleague().id()).statusCode(200));
            awaitCase(worker, caseId, "UNASSIGNED");
            say(member.accessToken(), caseId, "还在吗").statusCode(201);
            awaitCase(colleague, caseId, "MESSAGE");
            assertEquals(List.of(), heardOf(worker, caseId), "the previous caseworker hears nothing more");
        }
    }

    @Test
    void adminsOverTheCasesOrgHearThatItTurnedOverdue() throws InterruptedException {
        City city = City.create();
        Fixtures.MemberLogin member = Fixtures.verifiedMember("courier", city.street());
        long caseId = HelpdeskTestData.file(member);
        try (LiveClient districtAdmin = console(city.districtAdmin());
                LiveClient otherAdmin = console(city.otherAdmin())) {
            clock.shift(Duration.ofDays(2).plusMinutes(1));
            LiveClient.Frame f = within1s(districtAdmin, caseId, "OVERDUE", sweeper::markOverdue);
            assertEquals("SUBMITTED", f.json().getString("status"));
            sweeper.markOverdue();
            assertEquals(List.of(), heardOf(districtAdmin, caseId), "told once, however often the sweep runs");
            assertEquals(List.of(), heardOf(otherAdmin, caseId));
        }
    }

    @Test
    void aReconnectingCaseworkerReceivesWhatTheyMissed() {
        City city = City.create();
        Fixtures.MemberLogin member = Fixtures.verifiedMember("courier", city.district());
        long caseId = HelpdeskTestData.file(member);
        String admin = city.districtAdmin().accessToken();
        String seen;
        try (LiveClient worker = console(city.worker())) {
            seen = within1s(
                            worker,
                            caseId,
                            "ACCEPTED",
                            () -> assign(
                                            Fixtures.adminToken(),
                                            caseId,
                                            city.worker().id())
                                    .statusCode(200))
                    .json()
                    .getString("id");
        }
        say(member.accessToken(), caseId, "第一条").statusCode(201);
        say(member.accessToken(), caseId, "第二条").statusCode(201);
        try (LiveClient worker =
                LiveClient.console(RestAssured.port, city.worker().accessToken(), "lastEventId=" + seen)) {
            List<String> missed = worker.replayedFrames().stream()
                    .filter(f -> f.text().contains("\"caseId\":" + caseId + ","))
                    .map(f -> f.json().getString("action"))
                    .toList();
            assertEquals(List.of("MESSAGE", "MESSAGE"), missed);
        }
    }

    @Test
    void onlyCaseworkersAndAdminsOpenIt() {
        StaffAccounts.Login worker = HelpdeskTestData.caseworker(HelpdeskTestData.org());
        String staff = Fixtures.staffToken(Fixtures.station(Fixtures.unique("驿站")));
        Fixtures.MemberLogin member = Fixtures.newMember();
        assertEquals(401, handshake(() -> LiveClient.HTTP.newWebSocketBuilder()));
        assertEquals(401, handshake(() -> LiveClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer x")));
        assertEquals(
                403, handshake(() -> LiveClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + staff)));
        assertEquals(
                403,
                handshake(() -> LiveClient.HTTP
                        .newWebSocketBuilder()
                        .header("Authorization", "Bearer " + member.accessToken())));
        // a caseworker may not open the members' socket either
        assertEquals(
                403,
                LiveClient.handshakeStatus(
                        LiveClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + worker.accessToken()),
                        LiveClient.url(RestAssured.port, null)));
        // browsers: the token as a sub-protocol, next to the one the server echoes
        try (LiveClient browser = LiveClient.connect(
                LiveClient.HTTP
                        .newWebSocketBuilder()
                        .subprotocols(
                                "zhijia-live", "quarkus-http-upgrade#Authorization#Bearer%20" + worker.accessToken()),
                LiveClient.consoleUrl(RestAssured.port, null))) {
            assertEquals("zhijia-live", browser.subprotocol());
        }
    }

    @Test
    void aDisabledCaseworkersSocketClosesAtOnce() {
        StaffAccounts.Login worker = HelpdeskTestData.caseworker(HelpdeskTestData.org());
        try (LiveClient live = console(worker)) {
            Fixtures.asAdmin()
                    .post(API + "/admin/staff/" + worker.id() + "/disable")
                    .then()
                    .statusCode(200);
            long answered = System.nanoTime();
            assertEquals(1008, live.awaitClose(WAIT));
            long millis = (System.nanoTime() - answered) / 1_000_000;
            assertTrue(millis <= 1000, "closed " + millis + " ms after the disable's answer");
        }
        assertEquals(
                401,
                handshake(() -> LiveClient.HTTP
                        .newWebSocketBuilder()
                        .header("Authorization", "Bearer " + worker.accessToken())));
        given().auth()
                .oauth2(worker.accessToken())
                .get(API + "/caseworker/cases")
                .then()
                .statusCode(401);
    }

    private static int handshake(Supplier<java.net.http.WebSocket.Builder> builder) {
        return LiveClient.handshakeStatus(builder.get(), LiveClient.consoleUrl(RestAssured.port, null));
    }
}
