package dev.zhijia.wechat;

import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.zhijia.testsupport.PlatformServer;
import io.quarkus.test.junit.QuarkusTestProfile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** A real HTTP server standing in for the chat platform's API (api.weixin.qq.com). */
public class WechatStub extends PlatformServer {

    /** Real code2Session mode against the stub. */
    public static class RealWechatProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "zhijia.wechat.mode",
                    "real",
                    "zhijia.wechat.appid",
                    "wx-test-app",
                    "zhijia.wechat.secret",
                    "test-secret",
                    "quarkus.rest-client.wechat.read-timeout",
                    "3000");
        }

        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(WechatStub.class));
        }
    }

    /** Replies to code2Session for one js_code, labelled text/plain like the real platform does. */
    static void reply(String code, String body) {
        server.stubFor(get(urlPathEqualTo("/sns/jscode2session"))
                .withQueryParam("js_code", WireMock.equalTo(code))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/plain")
                        .withBody(body)));
    }

    static void replyStatus(String code, int status) {
        server.stubFor(get(urlPathEqualTo("/sns/jscode2session"))
                .withQueryParam("js_code", WireMock.equalTo(code))
                .willReturn(aResponse().withStatus(status)));
    }

    static void replySlowly(String code, int millis) {
        server.stubFor(get(urlPathEqualTo("/sns/jscode2session"))
                .withQueryParam("js_code", WireMock.equalTo(code))
                .willReturn(aResponse().withStatus(200).withFixedDelay(millis).withBody("{}")));
    }
}
