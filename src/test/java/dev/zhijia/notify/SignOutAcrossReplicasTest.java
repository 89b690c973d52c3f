package dev.zhijia.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StaffAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ARCHITECTURE.md "Access that can be taken back", with two replicas sharing MySQL and Redis ({@link SecondReplica}):
 * a sign-out decided on one replica is honoured by the other within seconds, although that replica had already
 * verified (and remembered) the token, and the account's live sockets close on both.
 */
@QuarkusTest
class SignOutAcrossReplicasTest {

    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static SecondReplica replica;

    @BeforeAll
    static void startSecondReplica() throws Exception {
        replica = SecondReplica.start(SecondReplica.sharedStores());
    }

    @AfterAll
    static void stopSecondReplica() throws Exception {
        if (replica != null) {
            replica.close();
        }
    }

    private static RequestSpecification onReplica() {
        return given().baseUri("http://127.0.0.1").port(replica.port);
    }

    @Test
    void aStaffAccountDisabledOnOneReplicaIsSignedOutOnTheOtherWithinSeconds() {
        long stationId = Fixtures.station(Fixtures.unique("双副本站"));
        StaffAccounts.Login staff = StaffAccounts.create(List.of(stationId));
        // the other replica verifies the token and remembers it
        onReplica()
                .auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/staff/stations")
                .then()
                .statusCode(200);
        onReplica()
                .auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/staff/stations")
                .then()
                .statusCode(200);

        long t0 = System.nanoTime();
        Fixtures.asAdmin()
                .post("/api/v1/admin/staff/" + staff.id() + "/disable")
                .then()
                .statusCode(200);
        await().atMost(WITHIN)
                .pollInterval(java.time.Duration.ofMillis(50))
                .untilAsserted(() -> onReplica()
                        .auth()
                        .oauth2(staff.accessToken())
                        .get("/api/v1/staff/stations")
                        .then()
                        .statusCode(401));
        System.out.printf("disabled on A: refused on B after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        onReplica()
                .contentType(ContentType.JSON)
                .body(Map.of("refreshToken", staff.refreshToken()))
                .post("/api/v1/auth/refresh")
                .then()
                .statusCode(401)
                .body("code", is("REFRESH_TOKEN_INVALID"));
        given().auth()
                .oauth2(staff.accessToken())
                .get("/api/v1/staff/stations")
                .then()
                .statusCode(401);

        Fixtures.asAdmin()
                .post("/api/v1/admin/staff/" + staff.id() + "/enable")
                .then()
                .statusCode(200);
        String fresh = onReplica()
                .contentType(ContentType.JSON)
                .body(Map.of("username", staff.username(), "password", StaffAccounts.PASSWORD))
                .post("/api/v1/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("accessToken");
        given().auth().oauth2(fresh).get("/api/v1/staff/stations").then().statusCode(200);
    }

    @Test
    void aStolenRefreshTokenClosesTheMembersSocketsOnBothReplicas() throws Exception {
        Fixtures.MemberLogin m = Fixtures.newMember();
        String next = StaffAccounts.refresh(m.refreshToken())
                .then()
                .statusCode(200)
                .extract()
                .path("refreshToken");
        StaffAccounts.refresh(next).then().statusCode(200);
        try (LiveClient here = LiveClient.withHeader(RestAssured.port, m.accessToken(), null);
                LiveClient there = LiveClient.withHeader(replica.port, m.accessToken(), null)) {
            // the first refresh token shows up again after its successor was used: it leaked
            StaffAccounts.refresh(m.refreshToken()).then().statusCode(401).body("code", is("REFRESH_TOKEN_REUSED"));
            assertEquals(1008, here.closed.get(WITHIN.toSeconds(), TimeUnit.SECONDS));
            assertEquals(1008, there.closed.get(WITHIN.toSeconds(), TimeUnit.SECONDS));
        }
        onReplica().auth().oauth2(m.accessToken()).get("/api/v1/me").then().statusCode(401);
    }
}
