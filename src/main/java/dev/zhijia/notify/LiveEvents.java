package dev.zhijia.notify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhijia.member.Audience;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;

/**
 * Publishes live events for {@code /me/live} and {@code /console/live}. Every event goes into one capped Redis
 * stream that every replica reads ({@link LiveFeed}), so a socket on any replica gets it, and a reconnecting
 * client replays the entries after the last id it saw. Features push their events ("prize", "case", ...)
 * through {@link Notices}, which publishes only after the change committed.
 */
@ApplicationScoped
public class LiveEvents {

    static final String STREAM = "live:events";

    private final StreamCommands<String, String, String> stream;
    private final ObjectMapper json;
    private final LiveConfig config;

    LiveEvents(RedisDataSource redis, ObjectMapper json, LiveConfig config) {
        this.stream = redis.stream(String.class);
        this.json = json;
        this.config = config;
    }

    /** An event only this member's sockets receive; returns its id. */
    public String toMember(long memberId, String type, Object payload) {
        return addressed(LiveEvent.MEMBER, Long.toString(memberId), type, payload);
    }

    /** An event only this console account's sockets receive; returns its id. */
    public String toStaff(long staffId, String type, Object payload) {
        return addressed(LiveEvent.STAFF, Long.toString(staffId), type, payload);
    }

    /**
     * An event for the admins whose subtree holds an org: {@code orgAndAncestors} is that org and every org above
     * it (org codes never contain a comma); returns its id.
     */
    public String toAdmins(List<String> orgAndAncestors, String type, Object payload) {
        return addressed(LiveEvent.ADMIN_ORGS, String.join(",", orgAndAncestors), type, payload);
    }

    private String addressed(String field, String to, String type, Object payload) {
        Map<String, String> fields = new HashMap<>();
        fields.put(LiveEvent.TYPE, type);
        fields.put(field, to);
        fields.put(LiveEvent.PAYLOAD, write(payload));
        return add(fields);
    }

    /** An event for every connected member in the audience; returns its id. */
    public String toAudience(Audience audience, String type, Object payload) {
        Map<String, String> fields = new HashMap<>();
        fields.put(LiveEvent.TYPE, type);
        fields.put(LiveEvent.TAGS, audience.joinedTags());
        fields.put(LiveEvent.ORGS, audience.joinedOrgs());
        fields.put(LiveEvent.PAYLOAD, write(payload));
        return add(fields);
    }

    /** Entries after {@code afterId}, oldest first, at most {@code limit}. */
    List<LiveEvent> after(String afterId, int limit) {
        return stream.xrange(STREAM, StreamRange.of("(" + afterId, "+"), limit).stream()
                .map(m -> LiveEvent.from(m.id(), m.payload()))
                .toList();
    }

    /** The oldest id still kept, or null when the stream is empty. */
    String oldestId() {
        var first = stream.xrange(STREAM, StreamRange.of("-", "+"), 1);
        return first.isEmpty() ? null : first.get(0).id();
    }

    /** The newest id, or {@code 0-0} when the stream is empty: where a new reader starts. */
    String newestId() {
        var last = stream.xrevrange(STREAM, StreamRange.of("+", "-"), 1);
        return last.isEmpty() ? "0-0" : last.get(0).id();
    }

    private String add(Map<String, String> fields) {
        return stream.xadd(
                STREAM, new XAddArgs().maxlen((long) config.streamMaxLength()).nearlyExactTrimming(), fields);
    }

    private String write(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("live event payload is not serialisable", e);
        }
    }
}
