package dev.zhijia.station;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.zhijia.common.Hashes;
import dev.zhijia.common.ProblemException;

/**
 * The station's rotating check-in QR: {@code <kid>.<stationId>.<window>.<mac>}, an HMAC-SHA256 over
 * station and 30-second window. Accepted in its own window and the next one (≤ 60 s), on any replica,
 * with nothing stored. The key id lets a new secret take over while tokens signed with the previous
 * one ({@code zhijia.checkin.previous-secret}) are still accepted.
 */
@ApplicationScoped
public class CheckinTokens {

    public static final long WINDOW_SECONDS = 30;

    /** {@code qr} is what the station's QR code holds: the mini-program's scan yields station and token together. */
    public record Token(String token, Instant expiresAt, long stationId, String qr, Instant refreshAt) {}

    private record Key(String id, byte[] secret) {
        static Key of(String secret) {
            return new Key(Hashes.sha256(secret).substring(0, 8), secret.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Key current;
    private final Optional<Key> previous;
    private final Clock clock;

    @Inject
    CheckinTokens(CheckinConfig config, Clock clock) {
        this(config.secret(), config.previousSecret(), clock);
    }

    CheckinTokens(String secret, Optional<String> previousSecret, Clock clock) {
        this.current = Key.of(secret);
        this.previous = previousSecret.filter(s -> !s.isBlank()).map(Key::of);
        this.clock = clock;
    }

    public Token issue(long stationId) {
        long window = clock.instant().getEpochSecond() / WINDOW_SECONDS;
        String body = current.id() + "." + stationId + "." + window;
        String token = body + "." + mac(current, body);
        return new Token(
                token,
                Instant.ofEpochSecond((window + 2) * WINDOW_SECONDS),
                stationId,
                "zhijia://checkin?s=" + stationId + "&t=" + token,
                Instant.ofEpochSecond((window + 1) * WINDOW_SECONDS));
    }

    /** Throws 403 CHECKIN_INVALID unless the token was issued for this station within the last window or two. */
    public void verify(long stationId, String token) {
        if (token == null || token.length() > 128) {
            throw invalid();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 4 || !parts[1].equals(Long.toString(stationId))) {
            throw invalid();
        }
        Key key = parts[0].equals(current.id())
                ? current
                : previous.filter(p -> p.id().equals(parts[0])).orElseThrow(CheckinTokens::invalid);
        String body = parts[0] + "." + parts[1] + "." + parts[2];
        if (!MessageDigest.isEqual(
                mac(key, body).getBytes(StandardCharsets.US_ASCII), parts[3].getBytes(StandardCharsets.US_ASCII))) {
            throw invalid();
        }
        long window;
        try {
            window = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
        long now = clock.instant().getEpochSecond() / WINDOW_SECONDS;
        if (window != now && window != now - 1) {
            throw invalid();
        }
    }

    private static String mac(Key key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            byte[] full = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException invalid() {
        return ProblemException.forbidden(
                StationErrors.CHECKIN_INVALID, "Scan the station's current check-in QR code again");
    }
}
