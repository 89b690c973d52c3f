package dev.zhijia.job;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import dev.zhijia.common.ShiftableClock;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** 岗位直搜 on MySQL 8's real n-gram parser: words, filters, nearest first, paging. */
@QuarkusTest
class JobSearchTest {

    /** Metres per degree of latitude (great circle on the mean radius). */
    private static final double M_PER_DEG = 111_195.08;

    @Inject
    JobSearch search;

    @Inject
    ShiftableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static JsonPath find(String query) {
        return given().get("/api/v1/jobs?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static List<String> titles(String query) {
        return find(query).getList("items.title", String.class);
    }

    @Test
    void usesTheNgramIndexOnMySql() {
        assertEquals(JobSearch.Strategy.NGRAM_FULLTEXT, search.strategy());
    }

    @Test
    void chineseWordsMatchInsideLongerWords() {
        String cat = JobTestData.category("物流");
        JobTestData.post("快递分拣员", "中通快运", cat);
        JobTestData.post("顺丰快递员", "顺丰速运", cat);
        JobTestData.post("小区保安", "物业公司", cat);
        JobTestData.post("仓库管理", "京东物流", cat, JobTestData.LAT, JobTestData.LNG, 5000, 7000, 2, "负责快递包裹入库");
        assertEquals(
                List.of("仓库管理", "顺丰快递员", "快递分拣员"), titles("q=快递&category=" + cat)); // title, description; newest first
        assertEquals(List.of("顺丰快递员"), titles("q=快递员&category=" + cat)); // 快递 递员 in that order
        assertEquals(List.of("顺丰快递员"), titles("q=顺丰&category=" + cat)); // the employer
        assertEquals(List.of("快递分拣员"), titles("q=快递 分拣&category=" + cat)); // every word required
        assertEquals(List.of("小区保安"), titles("q=保安&category=" + cat));
        assertEquals(List.of(), titles("q=厨师&category=" + cat));
    }

    /** ngram_token_size is 2: a one-character word is a prefix of the n-grams (保 → 保安, 环保工程), not dropped. */
    @Test
    void oneCharacterWordsMatchAsPrefixes() {
        String cat = JobTestData.category("保安");
        JobTestData.post("保安队长", "安保公司", cat);
        JobTestData.post("环保工程师", "绿色科技", cat);
        JobTestData.post("外卖骑手", "美团", cat);
        assertThat(titles("q=保&category=" + cat), "环保工程师", "保安队长");
        assertEquals(List.of("外卖骑手"), titles("q=卖&category=" + cat));
    }

    /** The index has no stopword list: with n-grams it would drop every token holding an English stopword ("a"). */
    @Test
    void latinWordsAndOperatorCharactersAreSafe() {
        String cat = JobTestData.category("技术");
        JobTestData.post("Java开发", "阿里巴巴", cat);
        JobTestData.post("数据录入", "About Data", cat);
        assertEquals(List.of("Java开发"), titles("q=java&category=" + cat));
        assertEquals(List.of("数据录入"), titles("q=about&category=" + cat));
        // boolean-mode operators and punctuation only separate words
        assertEquals(
                List.of("Java开发"),
                given().queryParam("q", "+Java* \"(开发)\" -@")
                        .queryParam("category", cat)
                        .get("/api/v1/jobs")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.title", String.class));
        given().get("/api/v1/jobs?q=***").then().statusCode(200);
        given().get("/api/v1/jobs?q=a b c d e f").then().statusCode(400).body("code", is("VALIDATION_FAILED"));
        given().get("/api/v1/jobs?q=" + "快".repeat(51)).then().statusCode(400).body("code", is("VALIDATION_FAILED"));
    }

    @Test
    void filtersByDistrictAndSalaryFloorAndHidesClosedPosts() {
        String cat = JobTestData.category("服务");
        JobTestData.post("服务员", "餐厅", cat, JobTestData.LAT, JobTestData.LNG, 3000, 4500, 2, "");
        JobTestData.post("领班", "餐厅", cat, JobTestData.LAT, JobTestData.LNG, 5000, 8000, 2, "");
        long binjiang = JobTestData.create(
                        JobTestData.body("收银员", "超市", cat, JobTestData.LAT, JobTestData.LNG, 4000, 5000, 1, "")
                                .replace("\"xihu\"", "\"binjiang\""))
                .statusCode(201)
                .body("districtName", is("滨江区"))
                .extract()
                .jsonPath()
                .getLong("id");
        assertEquals(List.of("收银员"), titles("district=binjiang&category=" + cat));
        // the floor is one the post's range reaches: 4000–5000 is shown to someone asking for 5000
        assertThat(titles("salaryMin=5000&category=" + cat), "收银员", "领班");
        assertEquals(List.of("领班"), titles("salaryMin=6000&category=" + cat));
        Fixtures.asAdmin().delete("/api/v1/admin/jobs/" + binjiang).then().statusCode(204);
        assertEquals(List.of("领班", "服务员"), titles("category=" + cat));
        clock.shift(java.time.Duration.ofDays(31));
        assertEquals(List.of(), titles("category=" + cat));
        assertEquals(List.of(), titles("q=领班&category=" + cat));
    }

    @Test
    void newestFirstInKeysetPages() {
        String cat = JobTestData.category("分页");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(JobTestData.post("装卸工" + i, "搬家公司", cat));
        }
        JsonPath first = find("q=装卸&limit=2&category=" + cat);
        assertEquals(List.of(ids.get(4), ids.get(3)), first.getList("items.id", Long.class));
        JsonPath second = find("q=装卸&limit=2&category=" + cat + "&cursor=" + first.getString("nextCursor"));
        assertEquals(List.of(ids.get(2), ids.get(1)), second.getList("items.id", Long.class));
        JsonPath third = find("q=装卸&limit=2&category=" + cat + "&cursor=" + second.getString("nextCursor"));
        assertEquals(List.of(ids.get(0)), third.getList("items.id", Long.class));
        assertEquals(null, third.getString("nextCursor"));
        given().get("/api/v1/jobs?cursor=bm90LWEtY3Vyc29y")
                .then()
                .statusCode(400)
                .body("code", is("INVALID_CURSOR"));
        given().get("/api/v1/jobs?limit=101").then().statusCode(400).body("code", is("VALIDATION_FAILED"));
    }

    @Test
    void nearestFirstWithDistancesWithinTheRadius() {
        String cat = JobTestData.category("附近");
        long far = JobTestData.post(
                "远处快递员", "韵达", cat, JobTestData.LAT + 4000 / M_PER_DEG, JobTestData.LNG, 4000, 6000, 1, "");
        long near = JobTestData.post(
                "近处快递员", "韵达", cat, JobTestData.LAT + 300 / M_PER_DEG, JobTestData.LNG, 4000, 6000, 1, "");
        long mid = JobTestData.post(
                "中间快递员", "韵达", cat, JobTestData.LAT - 1500 / M_PER_DEG, JobTestData.LNG, 4000, 6000, 1, "");
        JobTestData.post("更远快递员", "韵达", cat, JobTestData.LAT + 7000 / M_PER_DEG, JobTestData.LNG, 4000, 6000, 1, "");
        String at = "lat=" + JobTestData.LAT + "&lng=" + JobTestData.LNG + "&category=" + cat;
        JsonPath all = find(at);
        assertEquals(List.of(near, mid, far), all.getList("items.id", Long.class)); // default radius 5 km
        assertEquals(List.of(300, 1500, 4000), all.getList("items.distanceMeters", Integer.class));
        assertEquals(
                List.of(near, mid), find(at + "&radius=1500").getList("items.id", Long.class)); // 1500 m is inside 1500
        assertEquals(List.of(near), find(at + "&radius=1500&q=近处").getList("items.id", Long.class));
        JsonPath page1 = find(at + "&limit=2&radius=10000");
        assertEquals(List.of(near, mid), page1.getList("items.id", Long.class));
        JsonPath page2 = find(at + "&limit=2&radius=10000&cursor=" + page1.getString("nextCursor"));
        assertEquals(List.of(4000, 7000), page2.getList("items.distanceMeters", Integer.class));
        assertEquals(null, page2.getString("nextCursor"));
        // without a position there is no distance
        given().get("/api/v1/jobs?category=" + cat).then().body("items[0].distanceMeters", nullValue());
        // a newest-first cursor is not a nearest-first one
        String idCursor = find("limit=1&category=" + cat).getString("nextCursor");
        given().get("/api/v1/jobs?" + at + "&cursor=" + idCursor)
                .then()
                .statusCode(400)
                .body("code", is("INVALID_CURSOR"));
        given().get("/api/v1/jobs?lat=30.2").then().statusCode(400).body("code", is("VALIDATION_FAILED"));
        given().get("/api/v1/jobs?radius=100").then().statusCode(400).body("code", is("VALIDATION_FAILED"));
        given().get("/api/v1/jobs?" + at + "&radius=50001")
                .then()
                .statusCode(400)
                .body("code", is("VALIDATION_FAILED"));
        given().get("/api/v1/jobs?" + at + "&radius=0").then().statusCode(400).body("code", is("VALIDATION_FAILED"));
        given().get("/api/v1/jobs?lat=91&lng=120").then().statusCode(400).body("code", is("VALIDATION_FAILED"));
    }

    @Test
    void detailForAnyoneAndCategoriesAsData() {
        String cat = JobTestData.category("=SUM(A1)");
        long id = JobTestData.post("叉车司机", "德邦物流", cat);
        given().get("/api/v1/jobs/" + id)
                .then()
                .statusCode(200)
                .body("title", is("叉车司机"))
                .body("categoryName", is("=SUM(A1)"))
                .body("districtName", is("西湖区"))
                .body("open", is(true))
                .body("status", is("OPEN"))
                .body("tags", contains("五险一金"))
                .body("closesAt", notNullValue());
        given().get("/api/v1/jobs/999999999").then().statusCode(404).body("code", is("JOB_NOT_FOUND"));
        given().get("/api/v1/jobs/categories")
                .then()
                .statusCode(200)
                .body("code", org.hamcrest.Matchers.hasItems("logistics", cat));
        given().get("/api/v1/jobs/districts").then().statusCode(200).body("find { it.code == 'xihu' }.name", is("西湖区"));
        given().get("/api/v1/jobs?category=no-such").then().statusCode(200).body("items", empty());
    }

    private static void assertThat(List<String> actual, String... expected) {
        org.hamcrest.MatcherAssert.assertThat(actual, containsInAnyOrder(expected));
        org.hamcrest.MatcherAssert.assertThat(actual, hasSize(expected.length));
    }
}
