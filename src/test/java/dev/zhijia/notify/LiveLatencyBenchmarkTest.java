package dev.zhijia.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import dev.zhijia.campaign.CampaignTestData;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.zhijia.campaign.CampaignTestData.audience;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Benchmark: publish-to-delivery latency with 2,000 sockets open on one instance. Figures are printed
 * (and copied to BENCHMARKS.md); the test only checks that every socket got every campaign.
 */
@QuarkusTest
@Tag("bench") // a benchmark, not a CI check: mvn test -Dgroups=bench -DexcludedGroups= -Dtest=LiveLatencyBenchmarkTest
class LiveLatencyBenchmarkTest {

    private static final int SOCKETS = 2000;
    private static final int ROUNDS = 5;

    @Test
    void publishToDeliveryWithTwoThousandOpenSockets() throws Exception {
        String org = Fixtures.unique("org-bench");
        List<BulkMembers.Member> members = BulkMembers.verified(SOCKETS, "courier", org);
        long connectStart = System.nanoTime();
        Semaphore inFlight = new Semaphore(100);
        List<CompletableFuture<LiveClient>> opening = new ArrayList<>();
        for (BulkMembers.Member m : members) {
            inFlight.acquire();
            opening.add(LiveClient.connectAsync(
                            LiveClient.HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + m.token()),
                            LiveClient.url(RestAssured.port, null))
                    .whenComplete((c, e) -> inFlight.release()));
        }
        List<LiveClient> clients = new ArrayList<>();
        for (CompletableFuture<LiveClient> f : opening) {
            LiveClient c = f.join();
            c.awaitReady();
            clients.add(c);
        }
        System.out.printf(
                "%d sockets open and ready in %d ms%n", clients.size(), (System.nanoTime() - connectStart) / 1_000_000);
        try {
            List<Long> latencies = new ArrayList<>();
            String audience = audience(List.of(), List.of(org));
            for (int round = 0; round < ROUNDS; round++) {
                long id = CampaignTestData.create(CampaignTestData.notice("基准" + round, audience))
                        .getLong("id");
                long published = System.nanoTime();
                CampaignTestData.publish(id);
                for (LiveClient c : clients) {
                    latencies.add(
                            (c.awaitCampaign(id, Duration.ofSeconds(30)).receivedNanos() - published) / 1_000_000);
                }
            }
            assertEquals(SOCKETS * ROUNDS, latencies.size());
            Collections.sort(latencies);
            System.out.printf(
                    "publish → delivery over %d sockets x %d campaigns: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                    SOCKETS,
                    ROUNDS,
                    pct(latencies, 50),
                    pct(latencies, 90),
                    pct(latencies, 99),
                    latencies.get(latencies.size() - 1));
        } finally {
            clients.forEach(LiveClient::close);
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
