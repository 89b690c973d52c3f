package dev.zhijia.wechat;

import java.util.List;
import java.util.Map;

import dev.zhijia.testsupport.PlatformServer;
import io.quarkus.test.junit.QuarkusTestProfile;

/** A real HTTP server standing in for the chat platform's API, for subscribe messages in real mode (as auth's WechatStub does for login). */
public class PlatformStub extends PlatformServer {

    /** Real mode against the stub, sending at most 2 messages a second, quick retries. */
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
}
