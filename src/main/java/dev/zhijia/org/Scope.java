package dev.zhijia.org;

import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.zhijia.common.ProblemException;

/**
 * An admin's reach: their org and every org below it. Every admin read, write, count and export takes one,
 * resolved once per request by {@link AdminScope}. Services apply it with exactly one call per query:
 * <ul>
 * <li>{@link #where(String)} — a SQL/JPQL condition on an org-code expression, for lists, counts and figures;</li>
 * <li>{@link #visible(Object, String, Supplier)} — a loaded object outside the subtree answers its own 404;</li>
 * <li>{@link #requireTarget(String)} — an org a write names (owner, audience, roster line) must lie inside, else
 * 403 {@code ORG_OUT_OF_SCOPE}.</li>
 * </ul>
 * The root's admins cover everything, including rows with no org at all (roster entries without one), so a
 * root admin's queries are the same as before the hierarchy existed.
 */
public final class Scope {

    public static final String ROOT = "root";
    public static final String OUT_OF_SCOPE = "ORG_OUT_OF_SCOPE";
    /** Every org code has this form (the API validates it; the migration took only validated codes). */
    public static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final String orgId;
    private final Set<String> orgIds;
    private final String inList;

    Scope(String orgId, Set<String> orgIds) {
        this.orgId = orgId;
        this.orgIds = Set.copyOf(orgIds);
        for (String id : this.orgIds) {
            if (!CODE.matcher(id).matches()) {
                throw new IllegalStateException("org code outside the allowed form: " + id);
            }
        }
        // codes are [A-Za-z0-9_-] only (checked above), so they can be written as literals: no parameter to bind
        this.inList =
                this.orgIds.stream().sorted().map(id -> "'" + id + "'").collect(Collectors.joining(",", "(", ")"));
    }

    /** The org the admin belongs to: the top of their subtree. */
    public String orgId() {
        return orgId;
    }

    public boolean isRoot() {
        return ROOT.equals(orgId);
    }

    /** The subtree's org codes, the admin's own included. */
    public Set<String> orgIds() {
        return orgIds;
    }

    /**
     * A condition limiting {@code orgExpression} (a column such as {@code s.org_id} or {@code s.orgId}, or any
     * expression yielding an org code) to the subtree; {@code 1=1} for the root. Works in native SQL and JPQL.
     */
    public String where(String orgExpression) {
        return isRoot() ? "1=1" : orgExpression + " IN " + inList;
    }

    /** Whether an object of this org is the admin's to see; a null org is the root's. */
    public boolean covers(String org) {
        return isRoot() || (org != null && orgIds.contains(org));
    }

    /** The object, or the not-found problem its owner would see for an unknown id. */
    public <T> T visible(T found, String org, Supplier<ProblemException> notFound) {
        if (found == null || !covers(org)) {
            throw notFound.get();
        }
        return found;
    }

    /** 403 {@code ORG_OUT_OF_SCOPE} unless a write may name this org. */
    public void requireTarget(String org) {
        if (!covers(org)) {
            throw outOfScope(org);
        }
    }

    public void requireTargets(Collection<String> orgs) {
        orgs.forEach(this::requireTarget);
    }

    /** 403 {@code ORG_OUT_OF_SCOPE} unless this is a root admin (city-wide operations). */
    public void requireRoot(String what) {
        if (!isRoot()) {
            throw ProblemException.forbidden(OUT_OF_SCOPE, what + " is for the root organisation's admins");
        }
    }

    static ProblemException outOfScope(String org) {
        return ProblemException.forbidden(OUT_OF_SCOPE, "Organisation " + org + " is not within yours");
    }
}
