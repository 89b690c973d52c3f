package dev.zhijia.common;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every guess limit counts the guess before checking it: a burst of parallel wrong guesses gets at
 * most the limit checked, and the rest are refused with TOO_MANY_ATTEMPTS without being checked.
 */
@QuarkusTest
class GuessLimitsTest {

    private static final int BURST = 60;

    @Inject
    RateLimiter limiter;

    /** Fires {@code BURST} calls at once and tallies the answers by "status code". */
    private static Map<String, Long> burst(IntFunction<Burst.Call> call) {
        List<Burst.Answer> answers =
                Burst.fire(IntStream.range(0, BURST).mapToObj(call).toList(), BURST);
        return answers.stream().collect(Collectors.groupingBy(a -> a.status() + " " + a.code(), Collectors.counting()));
    }

    private static void assertAtMostChecked(Map<String, Long> tally, String checked, long limit) {
        assertTrue(tally.getOrDefault(checked, 0L) <= limit, "at most " + limit + " guesses checked: " + tally);
        assertEquals(
                BURST,
                tally.getOrDefault(checked, 0L) + tally.getOrDefault("429 TOO_MANY_ATTEMPTS", 0L),
                tally.toString());
    }

    @Test
    void parallelWrongPasswordsAreCheckedAtMostTheLimit() {
        long station = Fixtures.station(Fixtures.unique("站"));
        String username = Fixtures.unique("burst");
        Fixtures.asAdmin()
                .contentType(ContentType.JSON)
                .body("{\"username\":\"" + username
                        + "\",\"password\":\"right-password-1\",\"displayName\":\"猜\",\"stationIds\":[" + station
                        + "]}")
                .post("/api/v1/admin/staff")
                .then()
                .statusCode(201);
        Map<String, Long> tally = burst(i -> new Burst.Call(
                "POST",
                "/api/v1/auth/login",
                null,
                "{\"username\":\"" + username + "\",\"password\":\"wrong-" + i + "\"}"));
        assertAtMostChecked(tally, "401 INVALID_CREDENTIALS", 5);
        Burst.Answer right = Burst.fire(
                        List.of(new Burst.Call(
                                "POST",
                                "/api/v1/auth/login",
                                null,
                                "{\"username\":\"" + username + "\",\"password\":\"right-password-1\"}")),
                        1)
                .get(0);
        assertEquals(429, right.status(), "still locked for the right password: " + right);
    }

    @Test
    void parallelWrongCodesAreCheckedAtMostTheLimit() {
        String staff = Fixtures.staffToken(Fixtures.station(Fixtures.unique("猜码站")));
        Map<String, Long> tally = burst(i -> new Burst.Call(
                "POST", "/api/v1/staff/verifications", staff, "{\"code\":\"" + Fixtures.wrongCode(i) + "\"}"));
        assertAtMostChecked(tally, "404 CODE_INVALID", 10);
    }

    @Test
    void parallelWrongCardNumbersAreCheckedAtMostTheLimit() {
        Fixtures.MemberLogin m = Fixtures.newMember();
        String card = Fixtures.rosterEntry("王小明", "", "org-7");
        String window = "verify:member:" + m.id(); // member ids restart with a fresh database; Redis outlives it
        limiter.reset(window);
        try {
            Map<String, Long> tally = burst(i -> new Burst.Call(
                    "POST",
                    "/api/v1/me/verification",
                    m.accessToken(),
                    "{\"name\":\"王小明\",\"cardNo\":\"" + Fixtures.unique("MISS") + "\"}"));
            assertAtMostChecked(tally, "404 ROSTER_NO_MATCH", 10);
            Burst.Answer right = Burst.fire(
                            List.of(new Burst.Call(
                                    "POST",
                                    "/api/v1/me/verification",
                                    m.accessToken(),
                                    "{\"name\":\"王小明\",\"cardNo\":\"" + card + "\"}")),
                            1)
                    .get(0);
            assertEquals(429, right.status(), right.toString());
        } finally {
            limiter.reset(window);
        }
    }

    @Test
    void rightGuessesDoNotUseUpTheLimit() {
        Fixtures.MemberLogin m = Fixtures.newMember();
        String window = "verify:member:" + m.id();
        limiter.reset(window);
        try {
            for (int i = 0; i < 12; i++) {
                RateLimiter.Guess guess =
                        limiter.guess("slow down", new RateLimiter.Limit(window, 10, Duration.ofMinutes(1)));
                guess.giveBack();
            }
            assertEquals(
                    10,
                    IntStream.range(0, 12)
                            .filter(i -> {
                                try {
                                    limiter.guess(
                                            "slow down", new RateLimiter.Limit(window, 10, Duration.ofMinutes(1)));
                                    return true;
                                } catch (ProblemException e) {
                                    return false;
                                }
                            })
                            .count());
        } finally {
            limiter.reset(window);
        }
    }
}
