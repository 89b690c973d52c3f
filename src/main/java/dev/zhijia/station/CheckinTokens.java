package dev.zhijia.station;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.zhijia.common.HmacKeys;
import dev.zhijia.common.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The station's rotating check-in QR: {@code <kid>.<stationId>.<window>.<mac>}, an HMAC-SHA256 over
 * station and 30-second window ({@link HmacKeys}). Accepted in its own window and the next one (≤ 60 s), on any
 * replica, with nothing stored. The key id lets a new secret take over while tokens signed with the previous
 * one ({@code zhijia.checkin.previous-secret}) are still accepted: README "Key rotation".
 */
@ApplicationScoped
public class CheckinTokens {

    public static final long WINDOW_SECONDS = 30;

    /** {@code qr} is what the station's QR code holds: the mini-program's scan yields station and token together. */
    @RegisterForReflection
    public record Token(String token, Instant expiresAt, long stationId, String qr, Instant refreshAt) {}

    private final HmacKeys keys;
    private final Clock clock;

    @Inject
    CheckinTokens(CheckinConfig config, Clock clock) {
        this(config.secret(), config.previousSecret(), clock);
    }

    CheckinTokens(String secret, Optional<String> previousSecret, Clock clock) {
        this.keys = HmacKeys.of(secret, previousSecret);
        this.clock = clock;
    }

    public Token issue(long stationId) {
        long window = clock.instant().getEpochSecond() / WINDOW_SECONDS;
        String token = keys.seal(stationId + "." + window);
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
        String[] body = keys.open(token).orElseThrow(CheckinTokens::invalid).split("\\.");
        if (body.length != 2 || !body[0].equals(Long.toString(stationId))) {
            throw invalid();
        }
        long window;
        try {
            window = Long.parseLong(body[1]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
        long now = clock.instant().getEpochSecond() / WINDOW_SECONDS;
        if (window != now && window != now - 1) {
            throw invalid();
        }
    }

    private static ProblemException invalid() {
        return ProblemException.forbidden(
                StationErrors.CHECKIN_INVALID, "Scan the station's current check-in QR code again");
    }
}
