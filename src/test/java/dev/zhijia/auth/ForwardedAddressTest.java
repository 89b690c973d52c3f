package dev.zhijia.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Behind the ingress every connection comes from the controller: the client address is taken from
 * X-Forwarded-For, but only when the peer is a trusted proxy (quarkus.http.proxy.trusted-proxies; loopback in
 * the tests, the controller's CIDR in k8s/). Per-address login limits and the audit trail see that address.
 */
@QuarkusTest
@TestProfile(ForwardedAddressTest.LowAddressLimit.class)
class ForwardedAddressTest {

    public static class LowAddressLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zhijia.auth.max-failed-logins-per-address", "3");
        }
    }

    private static int failedLoginVia(String forwardedFor, String username) {
        return given().header("X-Forwarded-For", forwardedFor)
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "wrong-password"))
                .post("/api/v1/auth/login")
                .statusCode();
    }

    private static void auditedFrom(String username, String ip) {
        Fixtures.asAdmin()
                .queryParam("actor", username)
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("items.size()", is(1))
                .body("items[0].ip", is(ip));
    }

    @Test
    void twoClientsBehindTheTrustedProxyAreLimitedSeparatelyAndAuditedByTheirOwnAddress() {
        String first = Fixtures.unique("xff");
        assertEquals(401, failedLoginVia("203.0.113.7", first));
        assertEquals(401, failedLoginVia("203.0.113.7", Fixtures.unique("xff")));
        assertEquals(401, failedLoginVia("203.0.113.7, 10.0.0.1", Fixtures.unique("xff")));
        assertEquals(429, failedLoginVia("203.0.113.7", Fixtures.unique("xff")), "the guessing client is locked out");
        String other = Fixtures.unique("xff");
        assertEquals(401, failedLoginVia("198.51.100.9", other), "another client behind the same proxy is not");
        // the proxy's own address has no failures: admins behind it still log in
        Fixtures.adminToken();

        auditedFrom(first, "203.0.113.7");
        auditedFrom(other, "198.51.100.9");
    }

    @Test
    void fromAnUntrustedPeerTheHeaderIsIgnored() throws IOException {
        String username = Fixtures.unique("spoof");
        String body = "{\"username\":\"" + username + "\",\"password\":\"wrong-password\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String request = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:" + RestAssured.port + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n"
                + "X-Forwarded-For: 192.0.2.1\r\nConnection: close\r\n\r\n" + body;
        String status;
        // 127.0.0.2 is loopback too, but not a trusted proxy
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        }
        assertEquals("HTTP/1.1 401", status);
        auditedFrom(username, "127.0.0.2");
    }
}
