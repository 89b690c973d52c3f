package dev.zhijia.job;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.zhijia.testsupport.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Search answers from the in-memory index of open posts; the Redis version keeps every replica's index current:
 * a change made through the service is searchable the moment the call returned, a change another replica made
 * as soon as its version reached Redis.
 */
@QuarkusTest
@Tag("redis")
class JobIndexTest {

    @Inject
    EntityManager em;

    @Inject
    RedisDataSource redis;

    private static List<String> titles(String query) {
        return given().get("/api/v1/jobs?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.title", String.class);
    }

    @Test
    void postsChangedThroughTheServiceAreSearchableAtOnce() {
        String cat = JobTestData.category("索引");
        long a = JobTestData.post("索引测试快递员", "顺丰", cat);
        assertEquals(List.of("索引测试快递员"), titles("category=" + cat + "&q=快递"));
        assertEquals(
                List.of("索引测试快递员"),
                titles("category=" + cat + "&lat=" + JobTestData.LAT + "&lng=" + JobTestData.LNG + "&radius=1000"));
        long b = JobTestData.post("索引测试分拣员", "中通快递", cat);
        assertEquals(List.of("索引测试分拣员", "索引测试快递员"), titles("category=" + cat + "&q=快递"));

        // the last seat hired: the post is FILLED and leaves search
        long job = JobTestData.post("索引测试司机", "德邦", cat, JobTestData.LAT, JobTestData.LNG, 5000, 7000, 1, "");
        long app = JobTestData.apply(Fixtures.verifiedMember("", null), job)
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("applicationId");
        assertEquals(3, titles("category=" + cat).size());
        JobTestData.move(app, "INTERVIEW").statusCode(200);
        JobTestData.move(app, "HIRED").statusCode(200);
        assertEquals(List.of("索引测试分拣员", "索引测试快递员"), titles("category=" + cat));

        Fixtures.asAdmin().delete("/api/v1/admin/jobs/" + a).then().statusCode(204);
        assertEquals(List.of("索引测试分拣员"), titles("category=" + cat + "&q=快递"));
        assertEquals(
                List.of(b),
                given().get("/api/v1/jobs?category=" + cat)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items.id", Long.class));
    }

    @Test
    void anotherReplicasChangeArrivesWithTheVersion() {
        String cat = JobTestData.category("副本");
        long job = JobTestData.post("副本测试理货员", "京东物流", cat);
        assertEquals(List.of("副本测试理货员"), titles("category=" + cat));
        // what another replica's edit leaves in MySQL; its commit hook then moves the version in Redis
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery(
                                "UPDATE job_post SET title = '副本测试仓管员', district = 'binjiang'" + " WHERE id = ?1")
                        .setParameter(1, job)
                        .executeUpdate());
        redis.value(Long.class).incr(JobIndex.VERSION_KEY);
        assertEquals(List.of("副本测试仓管员"), titles("category=" + cat + "&district=binjiang"));
        assertEquals(List.of(), titles("category=" + cat + "&district=xihu"));
    }
}
