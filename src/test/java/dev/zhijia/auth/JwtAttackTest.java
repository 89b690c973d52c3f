package dev.zhijia.auth;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import static dev.zhijia.testsupport.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * Forged and stale bearer tokens: each one is refused with 401 UNAUTHENTICATED problem+json, on a member route
 * and on an admin route, while the genuine token next to it still works.
 */
@QuarkusTest
class JwtAttackTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private static void refused(String token) {
        for (String route : new String[] {"/api/v1/me", "/api/v1/admin/orgs"}) {
            problem(given().auth().oauth2(token).get(route).then());
        }
    }

    private static ValidatableResponse problem(ValidatableResponse r) {
        return r.statusCode(401)
                .contentType("application/problem+json")
                .body("code", is("UNAUTHENTICATED"))
                .body("status", is(401));
    }

    private static String[] parts(String jwt) {
        return jwt.split("\\.");
    }

    private static String json(String part) {
        return new String(B64D.decode(part), StandardCharsets.UTF_8);
    }

    private static String part(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void algNoneIsRefused() {
        String admin = Fixtures.adminToken();
        String payload = parts(admin)[1];
        refused(part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".");
        refused(part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + "." + parts(admin)[2]);
        refused(part("{\"alg\":\"NONE\"}") + "." + payload + ".");
        given().auth().oauth2(admin).get("/api/v1/admin/orgs").then().statusCode(200);
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        String admin = Fixtures.adminToken();
        byte[] publicPem;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("keys/dev-public.pem")) {
            publicPem = in.readAllBytes();
        }
        String payload = parts(admin)[1];
        for (byte[] secret : new byte[][] {
            publicPem,
            new String(publicPem, StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII),
            pemBody(publicPem)
        }) {
            String signingInput = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + payload;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            refused(signingInput + "."
                    + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII))));
        }
    }

    private static byte[] pemBody(byte[] pem) {
        String body = new String(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    @Test
    void expiredAndWrongIssuerTokensAreRefused() {
        String subject = "member:" + Fixtures.newMember().id();
        refused(Jwt.subject(subject)
                .upn(subject)
                .groups(Set.of("member", "admin"))
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign());
        refused(Jwt.issuer("https://evil.example")
                .subject(subject)
                .upn(subject)
                .groups(Set.of("member", "admin"))
                .sign());
        refused(Jwt.issuer("https://zhijia.dev.evil.example")
                .subject(subject)
                .groups(Set.of("member"))
                .sign());
    }

    @Test
    void tamperedGroupsBreakTheSignature() {
        Fixtures.MemberLogin member = Fixtures.newMember();
        String[] p = parts(member.accessToken());
        String claims = json(p[1]);
        String elevated = claims.replaceAll("\"groups\":\\[[^]]*]", "\"groups\":[\"admin\",\"member\",\"staff\"]");
        if (elevated.equals(claims)) {
            elevated = claims.replaceFirst("\\{", "{\"groups\":[\"admin\"],");
        }
        String forged = p[0] + "." + part(elevated) + "." + p[2];
        refused(forged);
        // one character of the signature changed (a middle one: the last base64url character of a 256-byte
        // signature carries 4 padding bits, so A and B there decode to the same bytes)
        String sig = p[2];
        int mid = sig.length() / 2;
        char c = sig.charAt(mid);
        refused(p[0] + "." + p[1] + "." + sig.substring(0, mid) + (c == 'A' ? 'B' : 'A') + sig.substring(mid + 1));
        // the genuine one still works
        given().auth().oauth2(member.accessToken()).get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void aDisabledAccountsTokenIsRefusedWithinSeconds() {
        String username = unique("staff");
        long id = Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + username
                        + "\",\"password\":\"staff-password-1\",\"displayName\":\"站员\",\"stationIds\":[],"
                        + "\"roles\":[\"admin\"]}")
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        String token = Fixtures.login(username, "staff-password-1");
        given().auth().oauth2(token).get("/api/v1/admin/orgs").then().statusCode(200);
        Fixtures.asAdmin().post("/api/v1/admin/staff/" + id + "/disable").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> problem(
                        given().auth().oauth2(token).get("/api/v1/admin/orgs").then()));
        problem(given().auth().oauth2(token).get("/api/v1/admin/staff").then());
    }
}
