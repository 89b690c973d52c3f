package dev.zhijia.contest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.zhijia.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Contests through the admin API, and attempts answered right or wrong by what the test knows of the bank. */
final class ContestTestData {

    private ContestTestData() {}

    /** The bank every test contest gets: question i has options 选项0..选项3, answer {i % 4} (and {0, 2} when i % 5 == 4). */
    static List<Map<String, Object>> bank(int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> answer = i % 5 == 4 ? List.of(0, 2) : List.of(i % 4);
            out.add(Map.of(
                    "text",
                    "第" + i + "题：安全生产知识",
                    "options",
                    List.of("选项0", "选项1", "选项2", "选项3"),
                    "answer",
                    answer,
                    "points",
                    10));
        }
        return out;
    }

    static Map<String, Object> body(
            String tag,
            OffsetDateTime opens,
            OffsetDateTime closes,
            int bank,
            int perAttempt,
            int seconds,
            int attempts,
            List<Map<String, Object>> prizes) {
        Map<String, Object> b = new HashMap<>();
        b.put("title", Fixtures.unique("安康杯知识竞赛"));
        b.put("opensAt", opens.toString());
        b.put("closesAt", closes.toString());
        b.put("audience", Map.of("tags", List.of(tag), "orgIds", List.of()));
        b.put("questions", bank(bank));
        b.put("questionsPerAttempt", perAttempt);
        b.put("secondsPerAttempt", seconds);
        b.put("attemptsPerMember", attempts);
        b.put("prizes", prizes);
        return b;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(8));
    }

    /** An open contest (opened a minute ago, closing in an hour) for members tagged {@code tag}. */
    static long open(String tag, int bank, int perAttempt, int seconds, int attempts) {
        return create(body(
                tag,
                now().minusMinutes(1),
                now().plusHours(1),
                bank,
                perAttempt,
                seconds,
                attempts,
                List.of(Map.of("tier", "一等奖", "count", 1), Map.of("tier", "二等奖", "count", 2))));
    }

    static long create(Map<String, Object> body) {
        return Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/admin/contests")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    static ValidatableResponse start(Fixtures.MemberLogin m, long contest) {
        return Fixtures.as(m).post("/api/v1/contests/" + contest + "/attempts").then();
    }

    /** The right choice for a drawn question, read from its text (see {@link #bank}). */
    static List<Integer> rightChoice(String text) {
        int i = Integer.parseInt(text.substring(1, text.indexOf('题')));
        return i % 5 == 4 ? List.of(0, 2) : List.of(i % 4);
    }

    /** Answers the first {@code right} drawn questions right and the rest wrong. */
    static List<Map<String, Object>> answers(JsonPath started, int right) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Map<String, Object>> qs = started.getList("questions");
        for (int k = 0; k < qs.size(); k++) {
            Map<String, Object> q = qs.get(k);
            List<Integer> good = rightChoice((String) q.get("text"));
            List<Integer> choice = k < right ? good : List.of(good.get(0) == 3 ? 1 : 3);
            out.add(Map.of("questionId", ((Number) q.get("questionId")).longValue(), "choice", choice));
        }
        return out;
    }

    static ValidatableResponse answer(Fixtures.MemberLogin m, long contest, long attempt, List<Map<String, Object>> a) {
        return Fixtures.as(m)
                .contentType(ContentType.JSON)
                .body(Map.of("answers", a))
                .post("/api/v1/contests/" + contest + "/attempts/" + attempt + "/answers")
                .then();
    }

    /** Starts an attempt and answers {@code right} questions right; returns the attempt id. */
    static long take(Fixtures.MemberLogin m, long contest, int right) {
        JsonPath s = start(m, contest).statusCode(201).extract().jsonPath();
        long attempt = s.getLong("attemptId");
        answer(m, contest, attempt, answers(s, right)).statusCode(200);
        return attempt;
    }
}
