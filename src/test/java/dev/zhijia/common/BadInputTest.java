package dev.zhijia.common;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every kind of bad input, table-driven: each answers a 4xx problem+json with a stable code, and
 * no table changes.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String[] TABLES = {
        "member", "roster_entry", "roster_tag", "staff_account", "staff_station", "join_application", "station"
    };

    @Inject
    EntityManager em;

    private String admin;
    private String member;
    private long application;

    /** Made on first use: rest-assured learns the test port only once a test runs. */
    private void tokens() {
        if (admin != null) {
            return;
        }
        admin = Fixtures.adminToken();
        Fixtures.MemberLogin m = Fixtures.newMember();
        member = m.accessToken();
        Fixtures.MemberLogin applicant = Fixtures.newMember();
        application = given().auth()
                .oauth2(applicant.accessToken())
                .contentType("application/json")
                .body("{\"name\":\"李四\",\"phone\":\"13912345678\",\"employer\":\"顺丰\",\"occupation\":\"快递员\"}")
                .post("/api/v1/me/join-application")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    enum As {
        ANONYMOUS,
        MEMBER,
        ADMIN
    }

    record Case(
            String name, As as, String method, String path, String contentType, String body, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        String big = "{\"code\":\"" + "x".repeat(70_000) + "\"}";
        return Stream.of(
                        new Case(
                                "malformed JSON",
                                As.ANONYMOUS,
                                "POST",
                                "/api/v1/auth/wechat/login",
                                "application/json",
                                "{\"code\":",
                                400,
                                "MALFORMED_JSON"),
                        new Case(
                                "JSON array instead of object",
                                As.ANONYMOUS,
                                "POST",
                                "/api/v1/auth/wechat/login",
                                "application/json",
                                "[]",
                                400,
                                "MALFORMED_JSON"),
                        new Case(
                                "object where a string belongs",
                                As.ANONYMOUS,
                                "POST",
                                "/api/v1/auth/wechat/login",
                                "application/json",
                                "{\"code\":{\"a\":1}}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "missing body",
                                As.ANONYMOUS,
                                "POST",
                                "/api/v1/auth/wechat/login",
                                "application/json",
                                null,
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "number where a string belongs",
                                As.ANONYMOUS,
                                "POST",
                                "/api/v1/auth/wechat/login",
                                "application/json",
                                "{\"code\":123}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "fraction where a whole number belongs",
                                As.ADMIN,
                                "POST",
                                "/api/v1/admin/staff",
                                "application/json",
                                "{\"username\":\"ok-name5\",\"password\":\"long-enough-1\",\"displayName\":\"x\",\"stationIds\":[1.5]}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "string where a number belongs",
                                As.ADMIN,
                                "POST",
                                "/api/v1/admin/staff",
                                "application/json",
                                "{\"username\":\"ok-name6\",\"password\":\"long-enough-1\",\"displayName\":\"x\",\"stationIds\":[\"7\"]}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "code too long",
                                As.ANONYMOUS,
                                "POST",
                                "/api/v1/auth/wechat/login",
                                "application/json",
                                "{\"code\":\"" + "y".repeat(200) + "\"}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "wrong content type",
                                As.ANONYMOUS,
                                "POST",
                                "/api/v1/auth/wechat/login",
                                "text/plain",
                                "code=1",
                                415,
                                "UNSUPPORTED_MEDIA_TYPE"),
                        new Case(
                                "oversize JSON body",
                                As.ANONYMOUS,
                                "POST",
                                "/api/v1/auth/wechat/login",
                                "application/json",
                                big,
                                413,
                                "PAYLOAD_TOO_LARGE"),
                        new Case(
                                "query far over the target limit (and over the HTTP codec's old limit)",
                                As.ANONYMOUS,
                                "GET",
                                "/api/v1/benefits?status=" + "q".repeat(10_000),
                                null,
                                null,
                                414,
                                "URI_TOO_LONG"),
                        new Case(
                                "path just over the target limit",
                                As.MEMBER,
                                "GET",
                                "/api/v1/benefits/" + "7".repeat(4096),
                                null,
                                null,
                                414,
                                "URI_TOO_LONG"),
                        new Case(
                                "unknown API route",
                                As.ANONYMOUS,
                                "GET",
                                "/api/v1/no-such-thing",
                                null,
                                null,
                                404,
                                "NOT_FOUND"),
                        new Case(
                                "unknown route outside the API",
                                As.ANONYMOUS,
                                "GET",
                                "/no-such-page",
                                null,
                                null,
                                404,
                                "NOT_FOUND"),
                        new Case(
                                "wrong method",
                                As.ANONYMOUS,
                                "DELETE",
                                "/api/v1/auth/login",
                                null,
                                null,
                                405,
                                "METHOD_NOT_ALLOWED"),
                        new Case(
                                "empty verification fields",
                                As.MEMBER,
                                "POST",
                                "/api/v1/me/verification",
                                "application/json",
                                "{\"name\":\"\",\"cardNo\":\"\"}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "bad phone in join application",
                                As.MEMBER,
                                "POST",
                                "/api/v1/me/join-application",
                                "application/json",
                                "{\"name\":\"王五\",\"phone\":\"123\",\"employer\":\"x\",\"occupation\":\"y\"}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "station id of the wrong type",
                                As.ADMIN,
                                "POST",
                                "/api/v1/admin/staff",
                                "application/json",
                                "{\"username\":\"ok-name\",\"password\":\"long-enough-1\",\"displayName\":\"x\",\"stationIds\":[\"x\"]}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "negative station id",
                                As.ADMIN,
                                "POST",
                                "/api/v1/admin/staff",
                                "application/json",
                                "{\"username\":\"ok-name2\",\"password\":\"long-enough-1\",\"displayName\":\"x\",\"stationIds\":[-1]}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "short staff password",
                                As.ADMIN,
                                "POST",
                                "/api/v1/admin/staff",
                                "application/json",
                                "{\"username\":\"ok-name3\",\"password\":\"short\",\"displayName\":\"x\",\"stationIds\":[]}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "unknown station",
                                As.ADMIN,
                                "POST",
                                "/api/v1/admin/staff",
                                "application/json",
                                "{\"username\":\"ok-name4\",\"password\":\"long-enough-1\",\"displayName\":\"x\",\"stationIds\":[999999999]}",
                                400,
                                "UNKNOWN_STATION"),
                        new Case(
                                "unknown enum in query",
                                As.ADMIN,
                                "GET",
                                "/api/v1/admin/join-applications?status=BOGUS",
                                null,
                                null,
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "non-numeric limit",
                                As.ADMIN,
                                "GET",
                                "/api/v1/admin/join-applications?limit=abc",
                                null,
                                null,
                                400,
                                "INVALID_PARAMETER"),
                        new Case(
                                "limit above 100",
                                As.ADMIN,
                                "GET",
                                "/api/v1/admin/join-applications?limit=101",
                                null,
                                null,
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "limit zero",
                                As.ADMIN,
                                "GET",
                                "/api/v1/admin/join-applications?limit=0",
                                null,
                                null,
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "forged cursor",
                                As.ADMIN,
                                "GET",
                                "/api/v1/admin/join-applications?cursor=AAAA",
                                null,
                                null,
                                400,
                                "INVALID_CURSOR"),
                        new Case(
                                "bad tag on approval",
                                As.ADMIN,
                                "POST",
                                "/api/v1/admin/join-applications/{app}/approve",
                                "application/json",
                                "{\"tags\":[\"NOT OK\"]}",
                                400,
                                "VALIDATION_FAILED"),
                        new Case(
                                "roster as JSON",
                                As.ADMIN,
                                "POST",
                                "/api/v1/admin/roster",
                                "application/json",
                                "{}",
                                415,
                                "UNSUPPORTED_MEDIA_TYPE"),
                        new Case(
                                "roster header without cardNo",
                                As.ADMIN,
                                "POST",
                                "/api/v1/admin/roster",
                                "text/csv",
                                "name,phone\n张三,13800000000\n",
                                400,
                                "ROSTER_HEADER_INVALID"),
                        new Case(
                                "unknown application",
                                As.ADMIN,
                                "POST",
                                "/api/v1/admin/join-applications/99999999/approve",
                                "application/json",
                                "{}",
                                404,
                                "APPLICATION_NOT_FOUND"),
                        new Case(
                                "member on an admin endpoint",
                                As.MEMBER,
                                "GET",
                                "/api/v1/admin/staff",
                                null,
                                null,
                                403,
                                "FORBIDDEN"),
                        new Case(
                                "anonymous on a member endpoint",
                                As.ANONYMOUS,
                                "POST",
                                "/api/v1/me/verification",
                                "application/json",
                                "{\"name\":\"a\",\"cardNo\":\"b\"}",
                                401,
                                "UNAUTHENTICATED"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsA4xxProblemAndChangesNothing(Case c) {
        tokens();
        Map<String, Long> before = counts();
        RequestSpecification request = given();
        if (c.as() == As.MEMBER) {
            request = request.auth().oauth2(member);
        } else if (c.as() == As.ADMIN) {
            request = request.auth().oauth2(admin);
        }
        if (c.contentType() != null) {
            request = request.contentType(c.contentType());
        }
        if (c.body() != null) {
            request = request.body(c.body());
        }
        String path = c.path().replace("{app}", Long.toString(application));
        request.request(c.method(), path)
                .then()
                .statusCode(c.status())
                .contentType(startsWith("application/problem+json"))
                .body("code", is(c.code()))
                .body("status", is(c.status()))
                .body("type", startsWith("https://zhijia.dev/problems/"));
        assertEquals(before, counts(), "bad input must not change any table");
    }

    private Map<String, Long> counts() {
        Function<String, Long> count =
                t -> ((Number) em.createNativeQuery("SELECT COUNT(*) FROM " + t).getSingleResult()).longValue();
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : TABLES) {
            out.put(t, count.apply(t));
        }
        return out;
    }

    /** Over the header limit but within the codec's: a problem, not the codec's bare 431. */
    @Test
    void headersOverTheLimitAreAProblem() {
        given().header("X-Filler", "h".repeat(30_000))
                .get("/api/v1/ping")
                .then()
                .statusCode(431)
                .contentType(startsWith("application/problem+json"))
                .body("code", is("HEADERS_TOO_LARGE"));
        // just under the limit still passes
        given().header("X-Filler", "h".repeat(16_000))
                .get("/api/v1/ping")
                .then()
                .statusCode(200);
    }

    /** No Content-Length to refuse up front: the cap holds on the bytes read. */
    @Test
    void aChunkedJsonBodyOverTheCapIsRefused() throws Exception {
        byte[] body = ("{\"code\":\"" + "z".repeat(100 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(Burst.baseUrl() + "/api/v1/auth/wechat/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("PAYLOAD_TOO_LARGE", JsonPath.from(response.body()).getString("code"));
    }
}
