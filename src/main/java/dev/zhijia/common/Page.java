package dev.zhijia.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.ToLongFunction;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A page of a list ordered by descending id: {@code {"items":[...], "nextCursor": "..."|null}}. The cursor is
 * opaque to clients (base64 of the last id seen).
 */
@RegisterForReflection
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** {@code rows} holds up to limit+1 items: the extra one only says there is a next page. */
    public static <T> Page<T> of(List<T> rows, int limit, ToLongFunction<T> id) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), encode(id.applyAsLong(items.get(limit - 1))));
    }

    /** The id below which the next page starts, or {@link Long#MAX_VALUE} for the first page. */
    public static long before(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("id:")) {
                throw new IllegalArgumentException();
            }
            long id = Long.parseLong(text.substring(3));
            if (id <= 0) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(CommonErrors.INVALID_CURSOR, "The cursor is not one this service issued");
        }
    }

    static String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("id:" + id).getBytes(StandardCharsets.UTF_8));
    }
}
