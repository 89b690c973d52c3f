package dev.zhijia.wechat;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhijia.common.RedisLock;
import io.quarkus.redis.datasource.RedisDataSource;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The platform access token every replica shares. It lives in Redis until shortly before it expires;
 * one replica at a time (a Redis lock) fetches a new one from {@code /cgi-bin/stable_token}, the others
 * wait for it — the platform limits how often a token may be fetched.
 */
@ApplicationScoped
class WechatAccessToken {

    private static final Logger LOG = Logger.getLogger(WechatAccessToken.class);
    static final String KEY = "wechat:access-token";
    private static final String LOCK = "wechat:access-token:lock";
    private static final Duration LOCK_TTL = Duration.ofSeconds(10);

    /** The platform could not give a token now; the send is retried later. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final WechatApi api;
    private final WechatConfig config;
    private final RedisDataSource redis;
    private final ObjectMapper json;
    private final RedisLock locks;

    WechatAccessToken(
            @RestClient WechatApi api, WechatConfig config, RedisDataSource redis, ObjectMapper json, RedisLock locks) {
        this.api = api;
        this.config = config;
        this.redis = redis;
        this.json = json;
        this.locks = locks;
    }

    String current() {
        String cached = redis.value(String.class).get(KEY);
        return cached != null ? cached : fetch(null, false);
    }

    /** The platform rejected {@code stale} (40001/42001): fetch a fresh one unless another replica already did. */
    String renew(String stale) {
        return fetch(stale, true);
    }

    private String fetch(String stale, boolean force) {
        for (int waited = 0; waited < 50; waited++) {
            String cached = redis.value(String.class).get(KEY);
            if (cached != null && !cached.equals(stale)) {
                return cached;
            }
            String token = locks.tryAcquire(LOCK, LOCK_TTL);
            if (token != null) {
                try {
                    return fetchLocked(force);
                } finally {
                    locks.release(LOCK, token);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new Unavailable("timed out waiting for another replica to fetch the access token");
    }

    private String fetchLocked(boolean force) {
        String body;
        try {
            body = api.stableToken(json.createObjectNode()
                    .put("grant_type", "client_credential")
                    .put("appid", config.appid().orElse(""))
                    .put("secret", config.secret().orElse(""))
                    .put("force_refresh", force)
                    .toString());
        } catch (WebApplicationException | ProcessingException e) {
            throw new Unavailable("stable_token failed: " + e.getClass().getSimpleName());
        }
        JsonNode reply;
        try {
            reply = json.readTree(body);
        } catch (Exception e) {
            throw new Unavailable("stable_token answered something that is not JSON");
        }
        if (reply.path("errcode").asInt(0) != 0 || !reply.hasNonNull("access_token")) {
            throw new Unavailable(
                    "stable_token refused: errcode " + reply.path("errcode").asInt());
        }
        String token = reply.get("access_token").asText();
        long ttl = Math.max(60, reply.path("expires_in").asLong(7200) - 300);
        redis.value(String.class).setex(KEY, ttl, token);
        LOG.infof("fetched a platform access token valid for %d s", ttl);
        return token;
    }
}
