package dev.zhijia.station;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "zhijia.checkin")
public interface CheckinConfig {

    /** HMAC key of the stations' check-in QR tokens; the prod profile wants 32 characters or more. */
    String secret();

    /** The key being retired: tokens it signed are still accepted while the stations' screens switch. */
    Optional<String> previousSecret();
}
