package dev.zhijia.verify;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.jboss.logging.Logger;

import dev.zhijia.notify.LiveEvents;

/**
 * Tells the member's phone, over /me/live, that the code they are showing was just verified
 * ({@code verified}), and what they won with the bottle ({@code prize}), so the pickup or claim screen
 * can say 已领取 without the member asking. Only after the commit: never for a verification that rolled back.
 */
@ApplicationScoped
public class CounterPush {

    private static final Logger LOG = Logger.getLogger(CounterPush.class);

    private final LiveEvents live;

    CounterPush(LiveEvents live) {
        this.live = live;
    }

    void onVerified(@Observes(during = TransactionPhase.AFTER_SUCCESS) CounterVerified event) {
        Verifications.Result r = event.result();
        try {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("kind", r.kind().name());
            payload.put("refId", r.refId());
            payload.put("stationId", r.stationId());
            payload.put("item", r.item());
            payload.put("prize", r.prize() == null ? null : r.prize().name());
            live.toMember(event.memberId(), "verified", payload);
            if (r.prize() != null) {
                live.toMember(event.memberId(), "prize", Map.of("name", r.prize().name(), "pickupId", r.refId(), "stationId", r.stationId()));
            }
        } catch (RuntimeException e) {
            // the verification stands; the phone learns it on its next look at the pickup or claim
            LOG.warnf("live notice of verification %s %d not sent: %s", r.kind(), r.refId(), e.getMessage());
        }
    }
}
