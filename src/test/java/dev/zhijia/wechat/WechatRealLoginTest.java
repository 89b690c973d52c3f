package dev.zhijia.wechat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
@TestProfile(PlatformStub.RealPlatformProfile.class)
class WechatRealLoginTest {

    private static final String SESSION_KEY = "SECRET-session-key-must-not-leak";
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    private static ValidatableResponse login(String code) {
        return given().contentType(ContentType.JSON)
                .body("{\"code\":\"" + code + "\"}")
                .post("/api/v1/auth/wechat/login")
                .then();
    }

    @Test
    void aValidCodeLogsInWithTheOpenidFromThePlatform() {
        String code = Fixtures.unique("code");
        String openid = Fixtures.unique("o-");
        PlatformStub.reply(code, "{\"openid\":\"" + openid + "\",\"session_key\":\"" + SESSION_KEY + "\"}");
        int id = login(code)
                .statusCode(200)
                .body("member.verified", is(false))
                .extract()
                .path("member.id");
        login(code).statusCode(200).body("member.id", is(id));
        PlatformStub.server.verify(getRequestedFor(urlPathEqualTo("/sns/jscode2session"))
                .withQueryParam("appid", WireMock.equalTo("wx-test-app"))
                .withQueryParam("grant_type", WireMock.equalTo("authorization_code")));
        assertFalse(logged.stream().anyMatch(l -> l.contains(SESSION_KEY)), "the session_key must never be logged");
    }

    @Test
    void platformErrorsBecomeClearProblems() {
        expect("{\"errcode\":40029,\"errmsg\":\"invalid code\"}", 401, "WECHAT_CODE_INVALID");
        expect("{\"errcode\":40163,\"errmsg\":\"code been used\"}", 401, "WECHAT_CODE_INVALID");
        expect("{\"errcode\":45011,\"errmsg\":\"api minute-quota reach limit\"}", 503, "WECHAT_RATE_LIMITED");
        expect("{\"errcode\":-1,\"errmsg\":\"system error\"}", 503, "WECHAT_BUSY");
        expect("<html>gateway</html>", 503, "WECHAT_UNAVAILABLE");
    }

    @Test
    void anUnreachableOrSlowPlatformIsA503NotA500() {
        String broken = Fixtures.unique("code");
        PlatformStub.replyStatus(broken, 502);
        login(broken).statusCode(503).contentType("application/problem+json").body("code", is("WECHAT_UNAVAILABLE"));
        String slow = Fixtures.unique("code");
        PlatformStub.replySlowly(slow, 8000);
        login(slow).statusCode(503).body("code", is("WECHAT_UNAVAILABLE"));
    }

    @Test
    void mockCodesDoNotWorkInRealMode() {
        PlatformStub.reply("mock-1", "{\"errcode\":40029,\"errmsg\":\"invalid code\"}");
        login("mock-1").statusCode(401).body("code", is("WECHAT_CODE_INVALID"));
    }

    private static void expect(String reply, int status, String code) {
        String jsCode = Fixtures.unique("code");
        PlatformStub.reply(jsCode, reply);
        login(jsCode).statusCode(status).contentType("application/problem+json").body("code", is(code));
    }
}
