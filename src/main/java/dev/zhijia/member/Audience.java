package dev.zhijia.member;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one eligibility rule, for campaigns, benefits and bookings alike: verified members with any one of the tags
 * (if any are given) and in any one of the orgs (if any are given). No tags and no orgs: every verified
 * member. It is written once, as {@link #requirements()} (groups of marks, each of which the member must
 * meet at least once) and {@link #marks} (what a member's profile offers); {@link #includes} compares the
 * two here (requests, lottery entries, live sockets), the claim and booking scripts compare the same
 * strings in Redis (both run {@code redis/eligible.lua}), and {@link #sql} states the rule for the
 * fan-out's INSERT ... SELECT.
 */
@RegisterForReflection
public record Audience(List<String> tags, List<String> orgIds) {

    public static Audience of(List<String> tags, List<String> orgIds) {
        return new Audience(
                List.copyOf(new TreeSet<>(tags == null ? List.of() : tags)),
                List.copyOf(new TreeSet<>(orgIds == null ? List.of() : orgIds)));
    }

    public static Audience parse(String tags, String orgs) {
        return new Audience(split(tags), split(orgs));
    }

    public String joinedTags() {
        return String.join(",", tags);
    }

    public String joinedOrgs() {
        return String.join(",", orgIds);
    }

    public boolean includes(Eligibility.Profile p) {
        if (p == null || !p.verified()) {
            return false;
        }
        return meets(requirements(), marks(p));
    }

    /** The rule on its two strings ({@link #requirements()}, {@link #marks}), as {@code redis/eligible.lua} states it. */
    public static boolean meets(String requirements, String marks) {
        for (String group : requirements.split("\\|")) {
            if (!group.isEmpty() && Arrays.stream(group.split(",")).noneMatch(m -> marks.contains("," + m + ","))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The rule as data: {@code group|group}, each group a comma list of marks of which the member needs
     * one — a group for the tags ({@code t:<tag>}) and one for the orgs ({@code o:<org>}), each only if
     * given. Empty: everyone verified.
     */
    public String requirements() {
        List<String> groups = new ArrayList<>();
        if (!tags.isEmpty()) {
            groups.add(String.join(",", tags.stream().map(t -> "t:" + t).toList()));
        }
        if (!orgIds.isEmpty()) {
            groups.add(String.join(",", orgIds.stream().map(o -> "o:" + o).toList()));
        }
        return String.join("|", groups);
    }

    /** What a member offers against {@link #requirements()}: {@code ,t:<tag>,...,o:<org>,} (comma-fenced for exact matches). */
    public static String marks(Eligibility.Profile p) {
        StringBuilder out = new StringBuilder(",");
        p.tags().forEach(t -> out.append("t:").append(t).append(','));
        if (p.orgId() != null) {
            out.append("o:").append(p.orgId()).append(',');
        }
        return out.toString();
    }

    /**
     * The condition on {@code member m JOIN roster_entry r ON r.id = m.roster_id}, with its parameters
     * numbered from {@code firstParam}.
     */
    public SqlFilter sql(int firstParam) {
        StringBuilder where = new StringBuilder();
        List<Object> params = new ArrayList<>();
        int n = firstParam;
        if (!orgIds.isEmpty()) {
            where.append(" AND r.org_id IN (");
            for (int i = 0; i < orgIds.size(); i++) {
                where.append(i == 0 ? "" : ", ").append('?').append(n++);
                params.add(orgIds.get(i));
            }
            where.append(')');
        }
        if (!tags.isEmpty()) {
            where.append(" AND EXISTS (SELECT 1 FROM roster_tag t WHERE t.roster_id = r.id AND t.tag IN (");
            for (int i = 0; i < tags.size(); i++) {
                where.append(i == 0 ? "" : ", ").append('?').append(n++);
                params.add(tags.get(i));
            }
            where.append("))");
        }
        return new SqlFilter(where.toString(), params);
    }

    public record SqlFilter(String where, List<Object> params) {}

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
