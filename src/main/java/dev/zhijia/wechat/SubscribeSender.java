package dev.zhijia.wechat;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zhijia.campaign.CampaignConfig;
import dev.zhijia.common.RateLimiter;
import dev.zhijia.common.ShiftableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Sends the queued subscribe messages. Every replica runs it; each takes its own batch with a guarded
 * UPDATE (a lease), sends at most {@code max-per-second} across all replicas, and records each outcome:
 * SENT, REFUSED (43101: the member withdrew consent), FAILED (after retries, or a permanent error) or
 * SKIPPED (no consent left). Transient errors — platform busy (-1), rate limits (45009, 45011), HTTP 5xx,
 * time-outs — are retried with a doubling delay. In mock mode nothing leaves the service; the message
 * is recorded as SENT.
 */
@ApplicationScoped
class SubscribeSender {

    private static final Logger LOG = Logger.getLogger(SubscribeSender.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    enum Result {
        SENT,
        REFUSED,
        TRANSIENT,
        FAILED
    }

    record Outcome(Result result, int errcode, String error) {}

    private final SubscribeRepository repo;
    private final CampaignConfig config;
    private final WechatConfig wechat;
    private final WechatApi api;
    private final WechatAccessToken tokens;
    private final RateLimiter rate;
    private final ShiftableClock clock;
    private final ObjectMapper json;

    SubscribeSender(
            SubscribeRepository repo,
            CampaignConfig config,
            WechatConfig wechat,
            @RestClient WechatApi api,
            WechatAccessToken tokens,
            RateLimiter rate,
            ShiftableClock clock,
            ObjectMapper json) {
        this.repo = repo;
        this.config = config;
        this.wechat = wechat;
        this.api = api;
        this.tokens = tokens;
        this.rate = rate;
        this.clock = clock;
        this.json = json;
    }

    @Scheduled(
            every = "${zhijia.campaigns.subscribe.send-every:1s}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendDue() {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> repo.releaseExpiredLeases(now));
        for (int round = 0; round < 50; round++) {
            String owner = HexFormat.of().formatHex(randomBytes());
            Instant at = clock.instant();
            int leased = QuarkusTransaction.requiringNew()
                    .call(() -> repo.lease(
                            owner,
                            config.subscribe().batch(),
                            at,
                            at.plus(config.subscribe().lease())));
            if (leased == 0) {
                return;
            }
            List<SubscribeRepository.Due> due =
                    QuarkusTransaction.requiringNew().call(() -> repo.leased(owner));
            for (SubscribeRepository.Due d : due) {
                send(owner, d);
            }
        }
    }

    /**
     * A batch can outlast its lease (the rate limit, a slow platform): each message's lease is renewed
     * before its consent is used and again after the wait for the rate limit, just before the platform
     * call (that wait can itself outlast a lease when senders compete), and one that lapsed and went to
     * another sender is left to that sender.
     */
    private void send(String owner, SubscribeRepository.Due d) {
        if (!stillOwned(owner, d)) {
            return;
        }
        if (d.attempts() == 1
                && !QuarkusTransaction.requiringNew()
                        .call(() -> repo.consume(d.memberId(), d.templateId(), clock.instant()))) {
            finish(owner, d, "SKIPPED", 0, "no consent left for this template");
            return;
        }
        Outcome o;
        if (wechat.mode() == WechatConfig.Mode.MOCK) {
            o = new Outcome(Result.SENT, 0, "mock mode: recorded, not sent");
        } else {
            acquireRate();
            if (!stillOwned(owner, d)) {
                return;
            }
            o = deliver(d);
        }
        switch (o.result()) {
            case SENT -> finish(owner, d, "SENT", o.errcode(), o.error());
            case REFUSED -> {
                finish(owner, d, "REFUSED", o.errcode(), o.error());
                QuarkusTransaction.requiringNew().run(() -> repo.revoke(d.memberId(), d.templateId(), clock.instant()));
            }
            case TRANSIENT -> {
                if (d.attempts() >= config.subscribe().maxAttempts()) {
                    failed(owner, d, o);
                } else {
                    Instant next = clock.instant()
                            .plus(config.subscribe().retryDelay().multipliedBy(1L << Math.min(10, d.attempts() - 1)));
                    QuarkusTransaction.requiringNew()
                            .run(() -> repo.retryLater(d.id(), owner, o.errcode(), o.error(), next));
                }
            }
            case FAILED -> failed(owner, d, o);
        }
    }

    /** Renews this sender's lease on {@code d} for a full lease from now; false when another sender took it. */
    private boolean stillOwned(String owner, SubscribeRepository.Due d) {
        Instant until = clock.instant().plus(config.subscribe().lease());
        if (QuarkusTransaction.requiringNew().call(() -> repo.renew(d.id(), owner, until))) {
            return true;
        }
        LOG.debugf("subscribe message %d: lease lapsed and taken by another sender", d.id());
        return false;
    }

    /** One platform call, with one immediate retry if the shared token turned out stale. */
    Outcome deliver(SubscribeRepository.Due d) {
        String token;
        try {
            token = tokens.current();
        } catch (WechatAccessToken.Unavailable e) {
            return new Outcome(Result.TRANSIENT, 0, e.getMessage());
        }
        Outcome o = call(token, d);
        if (o.errcode() == 40001 || o.errcode() == 42001 || o.errcode() == 40014) {
            try {
                o = call(tokens.renew(token), d);
            } catch (WechatAccessToken.Unavailable e) {
                return new Outcome(Result.TRANSIENT, o.errcode(), e.getMessage());
            }
            if (o.errcode() == 40001 || o.errcode() == 42001 || o.errcode() == 40014) {
                return new Outcome(Result.TRANSIENT, o.errcode(), o.error());
            }
        }
        return o;
    }

    private Outcome call(String token, SubscribeRepository.Due d) {
        String body;
        try {
            body = api.sendSubscribeMessage(token, message(d));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            return new Outcome(status >= 500 || status == 429 ? Result.TRANSIENT : Result.FAILED, 0, "HTTP " + status);
        } catch (ProcessingException e) {
            return new Outcome(Result.TRANSIENT, 0, "no answer: " + e.getClass().getSimpleName());
        }
        JsonNode reply;
        try {
            reply = json.readTree(body);
        } catch (Exception e) {
            return new Outcome(Result.TRANSIENT, 0, "the platform answered something that is not JSON");
        }
        int errcode = reply.path("errcode").asInt(0);
        String errmsg = reply.path("errmsg").asText("");
        return switch (errcode) {
            case 0 -> new Outcome(Result.SENT, 0, "");
            case 43101 -> new Outcome(Result.REFUSED, errcode, errmsg);
            case -1, 45009, 45011, 45047, 40001, 42001, 40014 -> new Outcome(Result.TRANSIENT, errcode, errmsg);
            default -> new Outcome(Result.FAILED, errcode, errmsg);
        };
    }

    /** The platform's message: the template configured for the message's topic, filled from the queued row. */
    private String message(SubscribeRepository.Due d) {
        CampaignConfig.Template t = config.subscribe().templates().get(d.topic());
        String titleField = t == null ? "thing1" : t.titleField();
        String timeField = t == null ? "time2" : t.timeField();
        String page = (t == null || t.page().isEmpty()
                        ? SubscribeTemplates.defaultPage(d.topic())
                        : t.page().get())
                .replace("{id}", Long.toString(d.refId()));
        ObjectNode m = json.createObjectNode()
                .put("touser", d.openid())
                .put("template_id", d.templateId())
                .put("page", page)
                .put("miniprogram_state", config.subscribe().miniprogramState())
                .put("lang", "zh_CN");
        ObjectNode data = m.putObject("data");
        // "thing" fields take at most 20 characters
        String title = d.title();
        data.putObject(titleField)
                .put(
                        "value",
                        title.codePointCount(0, title.length()) <= 20
                                ? title
                                : title.substring(0, title.offsetByCodePoints(0, 19)) + "…");
        data.putObject(timeField).put("value", clock.at(d.happensAt()).format(TIME));
        return m.toString();
    }

    private void failed(String owner, SubscribeRepository.Due d, Outcome o) {
        finish(owner, d, "FAILED", o.errcode(), o.error());
        // the platform never delivered it, so the member's consent is still unused
        QuarkusTransaction.requiringNew().run(() -> repo.refund(d.memberId(), d.templateId(), clock.instant()));
    }

    private void finish(String owner, SubscribeRepository.Due d, String status, int errcode, String error) {
        QuarkusTransaction.requiringNew()
                .run(() -> repo.finish(d.id(), owner, status, errcode, error, clock.instant()));
        LOG.debugf(
                "subscribe message %d (%s %d, member %d): %s %d %s",
                d.id(), d.topic(), d.refId(), d.memberId(), status, errcode, error);
    }

    /** At most max-per-second sends across all replicas: a shared counter per wall-clock second. */
    private void acquireRate() {
        while (true) {
            long now = System.currentTimeMillis();
            if (rate.hit("wx-subscribe:" + now / 1000, Duration.ofSeconds(2))
                    <= config.subscribe().maxPerSecond()) {
                return;
            }
            try {
                Thread.sleep(1000 - now % 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
