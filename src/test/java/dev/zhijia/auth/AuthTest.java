package dev.zhijia.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.zhijia.testsupport.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@Tag("redis")
class AuthTest {

    @Inject
    ShiftableClock clock;

    private static ValidatableResponse post(String path, String json) {
        return given().contentType(ContentType.JSON)
                .body(json)
                .post("/api/v1" + path)
                .then();
    }

    private static ValidatableResponse problem(ValidatableResponse r, int status, String code) {
        return r.statusCode(status)
                .contentType("application/problem+json")
                .body("code", is(code))
                .body("status", is(status));
    }

    @Test
    void firstWechatLoginCreatesTheAccountAndTheNextFindsIt() {
        String code = "mock-" + unique("w");
        JsonPath first = post("/auth/wechat/login", "{\"code\":\"" + code + "\"}")
                .statusCode(200)
                .body("accessToken", notNullValue())
                .body("refreshToken", notNullValue())
                .body("expiresIn", lessThanOrEqualTo(7200))
                .body("member.verified", is(false))
                .body("member.nickname", notNullValue())
                .extract()
                .jsonPath();
        long second = post("/auth/wechat/login", "{\"code\":\"" + code + "\"}")
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("member.id");
        assertEquals(first.getLong("member.id"), second);
        given().auth()
                .oauth2(first.getString("accessToken"))
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("id", is((int) second))
                .body("verified", is(false));
    }

    @Test
    void accessTokenIsRs256WithIssuerRoleAndAtMostTwoHours() {
        String token = Fixtures.newMember().accessToken();
        String[] parts = token.split("\\.");
        JsonPath header = new JsonPath(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        JsonPath claims = new JsonPath(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertEquals("RS256", header.getString("alg"));
        assertEquals("https://zhijia.dev", claims.getString("iss"));
        assertEquals("member", claims.getList("groups").get(0));
        assertTrue(claims.getLong("exp") - claims.getLong("iat") <= 7200);
    }

    @Test
    void badMockCodesAreRefused() {
        problem(post("/auth/wechat/login", "{\"code\":\"not-a-mock-code\"}"), 401, "WECHAT_CODE_INVALID");
        problem(post("/auth/wechat/login", "{\"code\":\"\"}"), 400, "VALIDATION_FAILED")
                .body("violations[0].field", is("code"));
        problem(post("/auth/wechat/login", "{}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void adminLogsInWithPasswordAndWrongPasswordsAreRefused() {
        post("/auth/login", "{\"username\":\"admin\",\"password\":\"admin-dev-only\"}")
                .statusCode(200)
                .body("role", is("admin"))
                .body("refreshToken", notNullValue());
        problem(post("/auth/login", "{\"username\":\"admin\",\"password\":\"wrong\"}"), 401, "INVALID_CREDENTIALS");
        problem(
                post("/auth/login", "{\"username\":\"" + unique("nobody") + "\",\"password\":\"x\"}"),
                401,
                "INVALID_CREDENTIALS");
    }

    @Test
    void repeatedFailuresLockTheUsernameEvenForTheRightPassword() {
        long station = Fixtures.station(unique("站"));
        String username = unique("lock");
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + username
                        + "\",\"password\":\"right-password-1\",\"displayName\":\"锁\",\"stationIds\":[" + station
                        + "]}")
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(201);
        for (int i = 0; i < 5; i++) {
            problem(
                    post("/auth/login", "{\"username\":\"" + username + "\",\"password\":\"wrong-" + i + "\"}"),
                    401,
                    "INVALID_CREDENTIALS");
        }
        problem(
                post("/auth/login", "{\"username\":\"" + username + "\",\"password\":\"right-password-1\"}"),
                429,
                "TOO_MANY_ATTEMPTS");
    }

    @Test
    void refreshRotatesAndReusingAUsedTokenRevokesTheFamilyAndSignsTheAccountOut() {
        Fixtures.MemberLogin m = Fixtures.newMember();
        JsonPath rotated = post("/auth/refresh", "{\"refreshToken\":\"" + m.refreshToken() + "\"}")
                .statusCode(200)
                .body("role", is("member"))
                .extract()
                .jsonPath();
        String next = rotated.getString("refreshToken");
        given().auth()
                .oauth2(rotated.getString("accessToken"))
                .get("/api/v1/me")
                .then()
                .statusCode(200);
        JsonPath third = post("/auth/refresh", "{\"refreshToken\":\"" + next + "\"}")
                .statusCode(200)
                .extract()
                .jsonPath();

        // the first token again, after its successor was used: not a retry, a theft
        problem(post("/auth/refresh", "{\"refreshToken\":\"" + m.refreshToken() + "\"}"), 401, "REFRESH_TOKEN_REUSED");
        // the reuse revoked the whole family, including the token the legitimate holder got
        problem(
                post("/auth/refresh", "{\"refreshToken\":\"" + third.getString("refreshToken") + "\"}"),
                401,
                "REFRESH_TOKEN_INVALID");
        // and every access token of the account issued so far
        problem(
                given().auth()
                        .oauth2(third.getString("accessToken"))
                        .get("/api/v1/me")
                        .then(),
                401,
                "UNAUTHENTICATED");
        problem(given().auth().oauth2(m.accessToken()).get("/api/v1/me").then(), 401, "UNAUTHENTICATED");
        // a new login works at once
        Fixtures.MemberLogin again = loginAgain(m);
        given().auth().oauth2(again.accessToken()).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void aRefreshRetriedWithinTheGraceGetsTheSamePairAndAfterItIsReuse() {
        Fixtures.MemberLogin m = Fixtures.newMember();
        JsonPath first = post("/auth/refresh", "{\"refreshToken\":\"" + m.refreshToken() + "\"}")
                .statusCode(200)
                .extract()
                .jsonPath();
        // the answer was lost; the client asks again with the same token
        JsonPath retried = post("/auth/refresh", "{\"refreshToken\":\"" + m.refreshToken() + "\"}")
                .statusCode(200)
                .body("role", is("member"))
                .extract()
                .jsonPath();
        assertEquals(first.getString("accessToken"), retried.getString("accessToken"));
        assertEquals(first.getString("refreshToken"), retried.getString("refreshToken"));
        given().auth()
                .oauth2(retried.getString("accessToken"))
                .get("/api/v1/me")
                .then()
                .statusCode(200);
        JsonPath next = post("/auth/refresh", "{\"refreshToken\":\"" + retried.getString("refreshToken") + "\"}")
                .statusCode(200)
                .extract()
                .jsonPath();

        clock.shift(Duration.ofSeconds(31));
        try {
            problem(
                    post("/auth/refresh", "{\"refreshToken\":\"" + retried.getString("refreshToken") + "\"}"),
                    401,
                    "REFRESH_TOKEN_REUSED");
            problem(
                    post("/auth/refresh", "{\"refreshToken\":\"" + next.getString("refreshToken") + "\"}"),
                    401,
                    "REFRESH_TOKEN_INVALID");
        } finally {
            clock.reset();
        }
    }

    @Test
    void aRetryAfterTheGraceIsReuseEvenIfTheNewTokenWasNeverUsed() {
        Fixtures.MemberLogin m = Fixtures.newMember();
        String next = post("/auth/refresh", "{\"refreshToken\":\"" + m.refreshToken() + "\"}")
                .statusCode(200)
                .extract()
                .path("refreshToken");
        clock.shift(Duration.ofSeconds(31));
        try {
            problem(
                    post("/auth/refresh", "{\"refreshToken\":\"" + m.refreshToken() + "\"}"),
                    401,
                    "REFRESH_TOKEN_REUSED");
            problem(post("/auth/refresh", "{\"refreshToken\":\"" + next + "\"}"), 401, "REFRESH_TOKEN_INVALID");
        } finally {
            clock.reset();
        }
    }

    @Test
    void refreshTokensNobodyCanUseArePurgedAndUsedOnesKeptUntilTheyExpire() {
        Fixtures.MemberLogin loggedOut = Fixtures.newMember();
        Fixtures.MemberLogin idle = Fixtures.newMember();
        Fixtures.MemberLogin rotating = Fixtures.newMember();
        post("/auth/logout", "{\"refreshToken\":\"" + loggedOut.refreshToken() + "\"}")
                .statusCode(204);
        post("/auth/refresh", "{\"refreshToken\":\"" + rotating.refreshToken() + "\"}")
                .statusCode(200);
        TokenPurge purge = Arc.container().instance(TokenPurge.class).get();
        try {
            clock.shift(Duration.ofDays(2));
            purge.run();
            assertEquals(0, tokenRows(loggedOut.id()), "a revoked token is purged after a day");
            assertEquals(1, tokenRows(idle.id()));
            assertEquals(
                    2, tokenRows(rotating.id()), "a used token stays until it expires, so its reuse is still caught");
            clock.shift(Duration.ofDays(29));
            purge.run();
            assertEquals(0, tokenRows(idle.id()), "an expired token is purged");
            assertEquals(0, tokenRows(rotating.id()));
        } finally {
            clock.reset();
        }
    }

    @Test
    void aFailedStaffLoginIsAuditedUnderTheUsernameTypedWithTheClientAddress() {
        String username = unique("typo");
        problem(
                post("/auth/login", "{\"username\":\"" + username + "\",\"password\":\"wrong-password\"}"),
                401,
                "INVALID_CREDENTIALS");
        Fixtures.asAdmin()
                .queryParam("actor", username)
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("items.size()", is(1))
                .body("items[0].action", is("POST /auth/login"))
                .body("items[0].actorRole", is("anonymous"))
                .body("items[0].status", is(401))
                .body("items[0].target", is("code=INVALID_CREDENTIALS"))
                .body("items[0].ip", is("127.0.0.1"));
    }

    private static long tokenRows(long memberId) {
        return Fixtures.query(
                        "SELECT COUNT(*) FROM refresh_token WHERE subject = ?",
                        rs -> rs.getLong(1),
                        "member:" + memberId)
                .get(0);
    }

    /** The same member logging in again (mock code of the same openid). */
    private static Fixtures.MemberLogin loginAgain(Fixtures.MemberLogin m) {
        String openid = Fixtures.query("SELECT openid FROM member WHERE id = ?", rs -> rs.getString(1), m.id())
                .get(0);
        JsonPath body = post(
                        "/auth/wechat/login", "{\"code\":\"mock-" + openid.substring("mock-openid-".length()) + "\"}")
                .statusCode(200)
                .extract()
                .jsonPath();
        return new Fixtures.MemberLogin(
                body.getLong("member.id"), body.getString("accessToken"), body.getString("refreshToken"));
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        Fixtures.MemberLogin m = Fixtures.newMember();
        post("/auth/logout", "{\"refreshToken\":\"" + m.refreshToken() + "\"}").statusCode(204);
        problem(post("/auth/refresh", "{\"refreshToken\":\"" + m.refreshToken() + "\"}"), 401, "REFRESH_TOKEN_INVALID");
        problem(post("/auth/refresh", "{\"refreshToken\":\"made-up\"}"), 401, "REFRESH_TOKEN_INVALID");
    }

    @Test
    void protectedEndpointsCheckTokenAndRole() {
        problem(given().get("/api/v1/me").then(), 401, "UNAUTHENTICATED");
        problem(given().auth().oauth2("not.a.jwt").get("/api/v1/me").then(), 401, "UNAUTHENTICATED");
        problem(
                given().auth()
                        .oauth2(Fixtures.newMember().accessToken())
                        .get("/api/v1/admin/staff")
                        .then(),
                403,
                "FORBIDDEN");
        problem(given().auth().oauth2(Fixtures.adminToken()).get("/api/v1/me").then(), 403, "FORBIDDEN");
        String staff = Fixtures.staffToken(Fixtures.station(unique("站")));
        problem(given().auth().oauth2(staff).get("/api/v1/admin/staff").then(), 403, "FORBIDDEN");
        problem(
                given().auth()
                        .oauth2(staff)
                        .contentType("text/csv")
                        .body("a,b")
                        .post("/api/v1/admin/roster")
                        .then(),
                403,
                "FORBIDDEN");
    }

    @Test
    void tokensFromAnotherIssuerOrExpiredAreRefused() {
        long id = Fixtures.newMember().id();
        String otherIssuer = Jwt.issuer("https://evil.example")
                .subject("member:" + id)
                .groups(Set.of("member"))
                .sign();
        problem(given().auth().oauth2(otherIssuer).get("/api/v1/me").then(), 401, "UNAUTHENTICATED");
        String expired = Jwt.subject("member:" + id)
                .groups(Set.of("member"))
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign();
        problem(given().auth().oauth2(expired).get("/api/v1/me").then(), 401, "UNAUTHENTICATED");
        String good = Jwt.subject("member:" + id).groups(Set.of("member")).sign();
        given().auth().oauth2(good).get("/api/v1/me").then().statusCode(200);
    }
}
