package dev.zhijia.common;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * {@code Idempotency-Key}: the same key from the same caller on the same operation returns the
 * first result and does nothing twice. Results (success or a 4xx problem) are kept 24 h in Redis;
 * a 5xx is not kept, so a retry runs again. A second request while the first is still running gets
 * 409 {@code IDEMPOTENCY_KEY_IN_USE}.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    static final Duration KEEP = Duration.ofHours(24);
    static final Duration RUNNING = Duration.ofSeconds(60);
    private static final String IN_PROGRESS = "running";

    private final RedisDataSource redis;
    private final ObjectMapper json;

    Idempotency(RedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    public Response once(String scope, String key, Supplier<Response> action) {
        if (key == null) {
            return action.get();
        }
        if (key.isEmpty() || key.length() > 64) {
            throw ProblemException.invalid(HEADER, "must be 1-64 characters");
        }
        String redisKey = "idem:" + scope + ":" + Hashes.sha256(key);
        var values = redis.value(String.class);
        if (redis.execute("SET", redisKey, IN_PROGRESS, "NX", "PX", Long.toString(RUNNING.toMillis())) == null) {
            String stored = values.get(redisKey);
            if (stored == null || stored.equals(IN_PROGRESS)) {
                throw ProblemException.conflict(
                        CommonErrors.IDEMPOTENCY_KEY_IN_USE,
                        "A request with this Idempotency-Key is still being processed");
            }
            return replay(stored);
        }
        Response response;
        try {
            response = action.get();
        } catch (ProblemException e) {
            if (e.status() >= 500) {
                redis.key().del(redisKey);
                throw e;
            }
            response = ProblemMappers.respond(Problem.of(e));
        } catch (RuntimeException e) {
            redis.key().del(redisKey);
            throw e;
        }
        values.setex(redisKey, KEEP.toSeconds(), response.getStatus() + "|" + typeOf(response) + "|" + body(response));
        return response;
    }

    private Response replay(String stored) {
        String[] parts = stored.split("\\|", 3);
        return Response.status(Integer.parseInt(parts[0]))
                .type(parts[1])
                .entity(parts[2])
                .build();
    }

    private static String typeOf(Response r) {
        return r.getMediaType() != null
                ? r.getMediaType().toString()
                : r.getStatus() >= 400 ? Problem.MEDIA_TYPE : "application/json";
    }

    private String body(Response r) {
        try {
            return r.getEntity() == null ? "" : json.writeValueAsString(r.getEntity());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
