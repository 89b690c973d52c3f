package dev.zhijia.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica refuses to start with an access-token lifetime its revocation memory does not cover (over two
 * hours, or under a minute): {@code Revocations.onStart} calls this check before anything else. A plain test
 * of the check, instead of booting a replica that must fail (24 s of CI for one comparison).
 */
class AccessTokenLifetimeTest {

    @Test
    void lifetimesOutsideOneMinuteToTwoHoursAreRefusedByName() {
        for (int seconds : new int[] {7201, 59, 0, -1}) {
            IllegalStateException refused =
                    assertThrows(IllegalStateException.class, () -> Revocations.requireLifetime(seconds));
            assertTrue(refused.getMessage().contains("ZHIJIA_AUTH_ACCESS_TOKEN_SECONDS"), refused.getMessage());
        }
        for (int seconds : new int[] {60, 900, 7200}) {
            assertDoesNotThrow(() -> Revocations.requireLifetime(seconds));
        }
    }
}
