package dev.zhijia.testsupport;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A real HTTP server (WireMock) standing in for the chat platform's API, and the service pointed at it.
 * One at a time: each test profile that uses it starts its own and stops it with the profile.
 */
public abstract class PlatformServer implements QuarkusTestResourceLifecycleManager {

    public static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        String url = "http://127.0.0.1:" + server.port();
        return Map.of("zhijia.wechat.base-url", url, "quarkus.rest-client.wechat.url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
