package dev.zhijia.member;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Who a campaign is for: verified members with any one of the tags (if any are given) and in any one
 * of the orgs (if any are given) — the same rule as benefit eligibility. No tags and no orgs: every
 * verified member. The same rule is evaluated in SQL (fan-out), on a cached profile (requests) and on
 * a socket's profile (live events), so all three agree.
 */
@RegisterForReflection
public record Audience(List<String> tags, List<String> orgIds) {

    public static Audience of(List<String> tags, List<String> orgIds) {
        return new Audience(List.copyOf(new TreeSet<>(tags == null ? List.of() : tags)),
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
        boolean tagsOk = tags.isEmpty() || p.tags().stream().anyMatch(tags::contains);
        boolean orgOk = orgIds.isEmpty() || (p.orgId() != null && orgIds.contains(p.orgId()));
        return tagsOk && orgOk;
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

    public record SqlFilter(String where, List<Object> params) {
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
