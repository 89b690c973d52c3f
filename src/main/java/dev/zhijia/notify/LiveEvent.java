package dev.zhijia.notify;

import java.util.List;
import java.util.Map;

import dev.zhijia.member.Audience;

/**
 * One entry of the shared live-event stream, addressed to exactly one of: a member ({@code memberId}), a console
 * account ({@code staffId}), the admins over an org ({@code adminOrgs}: that org and its ancestors), or a member
 * audience. {@code id} is the stream entry id ({@code <ms>-<seq>}), which clients send back to resume. Who takes
 * which is {@link LiveRecipient#wants}.
 */
record LiveEvent(
        String id,
        String type,
        Long memberId,
        Long staffId,
        List<String> adminOrgs,
        Audience audience,
        String payloadJson) {

    static final String TYPE = "t";
    static final String MEMBER = "m";
    static final String STAFF = "s";
    static final String ADMIN_ORGS = "g";
    static final String TAGS = "a";
    static final String ORGS = "o";
    static final String PAYLOAD = "d";

    static LiveEvent from(String id, Map<String, String> fields) {
        String member = fields.getOrDefault(MEMBER, "");
        String staff = fields.getOrDefault(STAFF, "");
        String admins = fields.getOrDefault(ADMIN_ORGS, "");
        boolean toAudience = member.isEmpty() && staff.isEmpty() && admins.isEmpty();
        return new LiveEvent(
                id,
                fields.get(TYPE),
                member.isEmpty() ? null : Long.parseLong(member),
                staff.isEmpty() ? null : Long.parseLong(staff),
                admins.isEmpty() ? null : List.of(admins.split(",")),
                toAudience ? Audience.parse(fields.get(TAGS), fields.get(ORGS)) : null,
                fields.getOrDefault(PAYLOAD, "{}"));
    }

    /** The text frame: {@code {"id":..., "type":..., <payload members>}}. */
    String frame() {
        String rest = payloadJson.length() > 2 ? "," + payloadJson.substring(1) : "}";
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\"" + rest;
    }

    /** Stream ids compare as (milliseconds, sequence). */
    static int compare(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int c = Long.compare(Long.parseLong(a.substring(0, da)), Long.parseLong(b.substring(0, db)));
        return c != 0 ? c : Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
    }

    /** {@code <digits>-<digits>}, each part within a long (what {@link #compare} reads). */
    static boolean validId(String id) {
        if (id == null || !id.matches("\\d{1,19}-\\d{1,19}")) {
            return false;
        }
        int dash = id.indexOf('-');
        try {
            Long.parseLong(id.substring(0, dash));
            Long.parseLong(id.substring(dash + 1));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
