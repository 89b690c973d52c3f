package dev.zhijia.verify;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import dev.zhijia.notify.Notices;

/**
 * Tells the member's phone, over /me/live, that the code they are showing was just verified
 * ({@code verified}), and what they won with the bottle ({@code prize}), so the pickup or claim screen
 * can say 已领取 without the member asking. Only after the commit: never for a verification that rolled back.
 */
@ApplicationScoped
public class CounterPush {

    private final Notices notices;

    CounterPush(Notices notices) {
        this.notices = notices;
    }

    void onVerified(@Observes(during = TransactionPhase.AFTER_SUCCESS) CounterVerified event) {
        Verifications.Result r = event.result();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", r.kind().name());
        payload.put("refId", r.refId());
        payload.put("stationId", r.stationId());
        payload.put("item", r.item());
        payload.put("prize", r.prize() == null ? null : r.prize().name());
        // a failed push is logged: the verification stands, and the phone learns it on its next look at the pickup or
        // claim
        Notices.Live verified = new Notices.Live("verified", payload);
        if (r.prize() == null) {
            notices.tell(event.memberId(), verified);
        } else {
            notices.tell(
                    event.memberId(),
                    verified,
                    new Notices.Live(
                            "prize",
                            Map.of("name", r.prize().name(), "pickupId", r.refId(), "stationId", r.stationId())));
        }
    }
}
