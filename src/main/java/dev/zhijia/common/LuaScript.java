package dev.zhijia.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script run by its SHA (EVALSHA), loaded with EVAL the first time a server has not seen it —
 * after a Redis restart too. Saves sending the script text with every call on hot paths. Scripts live
 * in {@code src/main/resources/redis/<name>.lua} (included in the native image by
 * {@code quarkus.native.resources.includes}), so they read as Lua and not as Java strings.
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    /**
     * The script {@code redis/<name>.lua} on the class path; a missing one fails at class initialisation, not on first use.
     * Several names make one script of those files in that order: shared functions (e.g. {@code eligible}) first.
     */
    public static LuaScript load(String... names) {
        StringBuilder source = new StringBuilder();
        for (String name : names) {
            source.append(read("redis/" + name + ".lua"));
        }
        return new LuaScript(source.toString());
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no Lua script " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Response run(RedisDataSource redis, List<String> keys, String... args) {
        try {
            return redis.execute("EVALSHA", command(sha, keys, args));
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
                throw e;
            }
            return redis.execute("EVAL", command(source, keys, args));
        }
    }

    /** The same without blocking a thread: for request paths that run on the event loop. */
    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, String... args) {
        return redis.execute("EVALSHA", command(sha, keys, args))
                .onFailure(e -> e.getMessage() != null && e.getMessage().contains("NOSCRIPT"))
                .recoverWithUni(() -> redis.execute("EVAL", command(source, keys, args)));
    }

    private static String[] command(String script, List<String> keys, String... args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.length);
        all.add(script);
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }
}
