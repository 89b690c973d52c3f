package dev.zhijia.wechat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import dev.zhijia.campaign.CampaignTestData;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.zhijia.campaign.CampaignTestData.audience;
import static dev.zhijia.wechat.SubscribeMessageTest.SEND;
import static dev.zhijia.wechat.SubscribeMessageTest.awaitSettled;
import static dev.zhijia.wechat.SubscribeMessageTest.optIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sender's batch that outlives its lease: what lapsed goes to another sender, and nothing is sent twice. */
@QuarkusTest
@TestProfile(SubscribeLeaseTest.ShortLease.class)
class SubscribeLeaseTest {

    /** The real-platform profile with a 3-second lease. */
    public static class ShortLease extends PlatformStub.RealPlatformProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("zhijia.campaigns.subscribe.lease", "3s");
            return config;
        }
    }

    @Inject
    SubscribeSender sender;

    @Test
    void aBatchThatOutlivesItsLeaseIsSentOnceWhileAnotherSenderTakesWhatLapsed() throws Exception {
        PlatformStub.server.resetAll();
        PlatformStub.server.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"tok-L\",\"expires_in\":7200}")));
        String org = Fixtures.unique("org-lease");
        List<BulkMembers.Member> m = BulkMembers.verified(10, "courier", org);
        m.forEach(x -> optIn(x, "tmpl-notice"));
        // each send takes 600 ms and at most 2 go out a second: the batch needs ~6 s, its lease is 3 s
        PlatformStub.server.stubFor(post(urlPathEqualTo(SEND))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withFixedDelay(600)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        long id = CampaignTestData.published(CampaignTestData.notice("租约测试", audience(List.of(), List.of(org))));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread second = new Thread(() -> {
            while (running.get()) { // a second replica's sender: releases lapsed leases and takes them
                sender.sendDue();
                CampaignTestData.sleep(200);
            }
        });
        second.start();
        try {
            awaitSettled(id);
        } finally {
            running.set(false);
            second.join();
        }
        Map<String, Long> sendsPerMember = PlatformStub.server.findAll(postRequestedFor(urlPathEqualTo(SEND))).stream()
                .collect(Collectors.groupingBy(
                        r -> JsonPath.from(r.getBodyAsString()).getString("touser"), Collectors.counting()));
        assertEquals(10, sendsPerMember.size(), sendsPerMember.toString());
        assertTrue(sendsPerMember.values().stream().allMatch(n -> n == 1), "each message sent once: " + sendsPerMember);
        assertEquals(10, awaitSettled(id).getInt("subscribeMessages.SENT"));
    }
}
