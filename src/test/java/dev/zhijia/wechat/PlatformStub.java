package dev.zhijia.wechat;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.zhijia.testsupport.PlatformServer;
import io.quarkus.test.junit.QuarkusTestProfile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A real HTTP server standing in for the chat platform's API (api.weixin.qq.com) in real mode: code2Session
 * for login, the access token and subscribe messages. One profile for every real-mode test class, so they
 * share one Quarkus start.
 */
public class PlatformStub extends PlatformServer {

    /** Real mode against the stub, sending at most 2 messages a second, quick retries, a 1-s read timeout. */
    public static class RealPlatformProfile implements QuarkusTestProfile {
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
                    "1000",
                    "zhijia.campaigns.subscribe.max-per-second",
                    "2",
                    "zhijia.campaigns.subscribe.send-every",
                    "1s",
                    "zhijia.campaigns.subscribe.retry-delay",
                    "100ms",
                    "zhijia.campaigns.subscribe.templates.NOTICE.page",
                    "pages/campaign/detail?id={id}&from=subscribe");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PlatformStub.class));
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
