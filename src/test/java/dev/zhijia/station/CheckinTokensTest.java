package dev.zhijia.station;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import dev.zhijia.common.ProblemException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rotating check-in QR, without a server. Each "replica" is its own instance with the same
 * secret and its own clock: nothing is shared but the secret.
 */
class CheckinTokensTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000L); // the start of a 30 s window

    private static CheckinTokens at(Instant now, String secret, Optional<String> previous) {
        return new CheckinTokens(secret, previous, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static CheckinTokens at(Instant now) {
        return at(now, SECRET, Optional.empty());
    }

    private static void assertRefused(CheckinTokens tokens, long stationId, String token) {
        ProblemException e = assertThrows(ProblemException.class, () -> tokens.verify(stationId, token));
        assertEquals(403, e.status());
        assertEquals(StationErrors.CHECKIN_INVALID, e.code());
    }

    @Test
    void aTokenIsAcceptedInItsWindowAndTheNextOnAnyReplica() {
        CheckinTokens.Token t = at(T0.plusSeconds(5)).issue(42);
        assertEquals(42, t.stationId());
        assertEquals("zhijia://checkin?s=42&t=" + t.token(), t.qr());
        assertEquals(T0.plusSeconds(30), t.refreshAt());
        assertEquals(T0.plusSeconds(60), t.expiresAt());

        assertDoesNotThrow(() -> at(T0.plusSeconds(29)).verify(42, t.token()));
        assertDoesNotThrow(() -> at(T0.plusSeconds(59)).verify(42, t.token()));
        assertRefused(at(T0.plusSeconds(60)), 42, t.token());
        assertRefused(at(T0.minusSeconds(1)), 42, t.token()); // not before it was issued
    }

    @Test
    void aTokenIsForItsStationOnly() {
        String token = at(T0).issue(42).token();
        assertRefused(at(T0), 43, token);
        assertRefused(at(T0), 42, token.replace(".42.", ".43."));
    }

    @Test
    void aTamperedOrMalformedTokenIsRefused() {
        String token = at(T0).issue(7).token();
        String[] parts = token.split("\\.");
        assertEquals(4, parts.length);
        String otherWindow = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 1) + "." + parts[3];
        assertRefused(at(T0.plusSeconds(30)), 7, otherWindow);
        String flipped = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertRefused(at(T0), 7, flipped);
        assertRefused(at(T0), 7, null);
        assertRefused(at(T0), 7, "");
        assertRefused(at(T0), 7, "a.b.c");
        assertRefused(at(T0), 7, parts[0] + ".7.notanumber." + parts[3]);
        assertRefused(at(T0), 7, "x".repeat(129));
        assertRefused(at(T0, "another-secret-of-at-least-32-characters", Optional.empty()), 7, token);
    }

    @Test
    void afterARotationTokensOfThePreviousSecretStillWork() {
        String old = at(T0).issue(9).token();
        CheckinTokens rotated = at(T0.plusSeconds(10), "the-new-secret-of-at-least-32-characters", Optional.of(SECRET));
        assertDoesNotThrow(() -> rotated.verify(9, old));
        String fresh = rotated.issue(9).token();
        assertTrue(!fresh.split("\\.")[0].equals(old.split("\\.")[0]), "a new key id");
        assertDoesNotThrow(() -> rotated.verify(9, fresh));
        assertRefused(at(T0.plusSeconds(10), "the-new-secret-of-at-least-32-characters", Optional.of("  ")), 9, old);
    }
}
