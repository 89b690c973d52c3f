package dev.zhijia.org;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.CommonErrors;
import dev.zhijia.common.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The organisation tree (table {@code org_unit}) and its closure ({@code org_closure}: one row per ancestor and
 * descendant, depth 0 for the org itself). Tree changes are rare and serialised by a lock on the root row.
 */
@ApplicationScoped
public class Orgs {

    public static final String NOT_FOUND = "ORG_NOT_FOUND";
    public static final String ID_TAKEN = "ORG_ID_TAKEN";
    public static final String CYCLE = "ORG_CYCLE";

    /** {@code members} and {@code stations} count the org and everything below it. */
    @RegisterForReflection
    public record View(String id, String name, String parentId, int depth, long members, long stations) {}

    private final EntityManager em;
    private final Clock clock;

    Orgs(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public String orgOfStaff(long staffId) {
        List<String> org = em.createNativeQuery("SELECT org_id FROM staff_account WHERE id = ?1", String.class)
                .setParameter(1, staffId)
                .getResultList();
        if (org.isEmpty()) {
            throw ProblemException.forbidden(CommonErrors.FORBIDDEN, "This account no longer exists");
        }
        return org.get(0);
    }

    /**
     * The org and every org above it, the root included (a code the tree does not hold, such as a roster's unadopted
     * one, is under the root only): whose admins may see what belongs to it.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> orgAndAncestors(String orgId) {
        LinkedHashSet<String> chain = new LinkedHashSet<>();
        chain.add(orgId == null ? Scope.ROOT : orgId);
        if (orgId != null) {
            chain.addAll(
                    em.createNativeQuery("SELECT ancestor_id FROM org_closure WHERE descendant_id = ?1", String.class)
                            .setParameter(1, orgId)
                            .getResultList());
        }
        chain.add(Scope.ROOT);
        return List.copyOf(chain);
    }

    /** The scope of an admin of this org: it and its descendants. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Scope scopeOf(String orgId) {
        List<String> ids = em.createNativeQuery(
                        "SELECT descendant_id FROM org_closure WHERE ancestor_id = ?1", String.class)
                .setParameter(1, orgId)
                .getResultList();
        if (ids.isEmpty()) {
            throw notFound(orgId);
        }
        return new Scope(orgId, new LinkedHashSet<>(ids));
    }

    /** The scope of {@code orgId} (default: the admin's own), which must lie in the admin's. 404 {@code ORG_NOT_FOUND}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Scope within(Scope scope, String orgId) {
        if (orgId == null) {
            return scope;
        }
        if (!scope.covers(orgId) || !exists(orgId)) {
            throw notFound(orgId);
        }
        return scopeOf(orgId);
    }

    /**
     * The org a new object belongs to: the one asked for (it must exist and lie in the scope), or the admin's own.
     * 404 {@code ORG_NOT_FOUND}, 403 {@code ORG_OUT_OF_SCOPE}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String owner(Scope scope, String requested) {
        if (requested == null) {
            return scope.orgId();
        }
        if (!exists(requested)) {
            throw notFound(requested);
        }
        scope.requireTarget(requested);
        return requested;
    }

    /**
     * The orgs an audience or eligibility rule names. Below the root they must lie in the scope, and an empty list
     * (everyone in the city) is refused; a root admin may name codes the tree does not know yet, which are added
     * under the root (as every free-text code was by the migration). 403 {@code ORG_OUT_OF_SCOPE}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireAudience(Scope scope, Collection<String> orgIds) {
        if (!scope.isRoot() && orgIds.isEmpty()) {
            throw ProblemException.forbidden(
                    Scope.OUT_OF_SCOPE,
                    "List the organisations to reach: an empty list means every member of the city");
        }
        scope.requireTargets(orgIds);
        adopt(orgIds);
    }

    /** Adds each unknown code as an org directly under the root (its name the code). Root admins only. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void adopt(Collection<String> codes) {
        Set<String> unknown = new TreeSet<>(codes);
        if (unknown.isEmpty()) {
            return;
        }
        unknown.removeAll(known(unknown));
        if (unknown.isEmpty()) {
            return;
        }
        lockTree();
        unknown.removeAll(known(unknown)); // another import may have added them meanwhile
        for (String code : unknown) {
            insert(code, code, Scope.ROOT);
        }
    }

    private List<String> known(Set<String> codes) {
        return em.createNativeQuery("SELECT id FROM org_unit WHERE id IN (?1)", String.class)
                .setParameter(1, codes)
                .getResultList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(String orgId) {
        return !em.createNativeQuery("SELECT id FROM org_unit WHERE id = ?1")
                .setParameter(1, orgId)
                .getResultList()
                .isEmpty();
    }

    /** The subtree, depth first (the admin's own org first), children by id. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<View> tree(Scope scope) {
        List<Object[]> rows = em.createNativeQuery("SELECT o.id, o.name, o.parent_id, c.depth FROM org_closure c"
                        + " JOIN org_unit o ON o.id = c.descendant_id WHERE c.ancestor_id = ?1 ORDER BY o.id")
                .setParameter(1, scope.orgId())
                .getResultList();
        Map<String, Long> members = rolledUp(
                "SELECT c.ancestor_id, COUNT(*) FROM org_closure c JOIN roster_entry r ON r.org_id = c.descendant_id"
                        + " JOIN member m ON m.roster_id = r.id WHERE " + scope.where("c.ancestor_id")
                        + " GROUP BY c.ancestor_id");
        Map<String, Long> stations = rolledUp(
                "SELECT c.ancestor_id, COUNT(*) FROM org_closure c JOIN station s ON s.org_id = c.descendant_id"
                        + " WHERE s.deleted_at IS NULL AND " + scope.where("c.ancestor_id")
                        + " GROUP BY c.ancestor_id");
        if (scope.isRoot()) {
            // verified members whose roster entry names no org, or a code loaded straight into MySQL, are the root's
            members.merge(
                    Scope.ROOT,
                    ((Number) em.createNativeQuery(
                                            "SELECT COUNT(*) FROM member m JOIN roster_entry r ON r.id = m.roster_id"
                                                    + " WHERE r.org_id IS NULL OR NOT EXISTS (SELECT 1 FROM org_unit o WHERE o.id = r.org_id)")
                                    .getSingleResult())
                            .longValue(),
                    Long::sum);
        }
        Map<String, List<Object[]>> children = new HashMap<>();
        Object[] top = null;
        for (Object[] r : rows) {
            if (scope.orgId().equalsIgnoreCase((String) r[0])) {
                top = r;
            } else {
                children.computeIfAbsent((String) r[2], k -> new ArrayList<>()).add(r);
            }
        }
        List<View> out = new ArrayList<>();
        walk(top, children, members, stations, out);
        return out;
    }

    private void walk(
            Object[] r,
            Map<String, List<Object[]>> children,
            Map<String, Long> members,
            Map<String, Long> stations,
            List<View> out) {
        String id = (String) r[0];
        out.add(new View(
                id,
                (String) r[1],
                (String) r[2],
                ((Number) r[3]).intValue(),
                members.getOrDefault(id, 0L),
                stations.getOrDefault(id, 0L)));
        for (Object[] child : children.getOrDefault(id, List.of())) {
            walk(child, children, members, stations, out);
        }
    }

    private Map<String, Long> rolledUp(String sql) {
        Map<String, Long> out = new HashMap<>();
        for (Object row : em.createNativeQuery(sql).getResultList()) {
            Object[] r = (Object[]) row;
            out.put((String) r[0], ((Number) r[1]).longValue());
        }
        return out;
    }

    /** The admin's direct child orgs, for figures broken down by child. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<View> children(String orgId) {
        return tree(scopeOf(orgId)).stream().filter(v -> v.depth() == 1).toList();
    }

    /** A new org under {@code parentId} (default: the admin's own). 409 {@code ORG_ID_TAKEN}. */
    @Transactional
    public View create(Scope scope, String id, String name, String parentId) {
        lockTree();
        String parent = owner(scope, parentId);
        if (exists(id)) {
            throw ProblemException.conflict(ID_TAKEN, "An organisation " + id + " already exists");
        }
        insert(id, name.strip(), parent);
        return find(scope, id);
    }

    /**
     * Renames and/or moves an org strictly below the admin's own (the root's admins may rename the root). The new
     * parent must lie in the scope and not in the org's own subtree (409 {@code ORG_CYCLE}).
     */
    @Transactional
    public View update(Scope scope, String id, String name, String parentId) {
        lockTree();
        if (!exists(id) || !scope.covers(id)) {
            throw notFound(id);
        }
        boolean own = scope.orgId().equalsIgnoreCase(id);
        if (own && !(scope.isRoot() && parentId == null)) {
            throw ProblemException.forbidden(
                    Scope.OUT_OF_SCOPE, "Only an admin of a higher organisation may change " + id);
        }
        if (name != null) {
            em.createNativeQuery("UPDATE org_unit SET name = ?1 WHERE id = ?2")
                    .setParameter(1, name.strip())
                    .setParameter(2, id)
                    .executeUpdate();
        }
        if (parentId != null) {
            move(scope, id, parentId);
        }
        return find(scope, id);
    }

    private void move(Scope scope, String id, String parentId) {
        owner(scope, parentId);
        List<String> subtree = em.createNativeQuery(
                        "SELECT descendant_id FROM org_closure WHERE ancestor_id = ?1", String.class)
                .setParameter(1, id)
                .getResultList();
        if (subtree.stream().anyMatch(parentId::equalsIgnoreCase)) {
            throw ProblemException.conflict(CYCLE, "Organisation " + parentId + " is " + id + " or below it");
        }
        em.createNativeQuery("DELETE FROM org_closure WHERE descendant_id IN (?1) AND ancestor_id NOT IN (?1)")
                .setParameter(1, subtree)
                .executeUpdate();
        em.createNativeQuery(
                        "INSERT INTO org_closure (ancestor_id, descendant_id, depth) SELECT a.ancestor_id, d.descendant_id,"
                                + " a.depth + d.depth + 1 FROM org_closure a JOIN org_closure d ON d.ancestor_id = ?2 WHERE a.descendant_id = ?1")
                .setParameter(1, parentId)
                .setParameter(2, id)
                .executeUpdate();
        em.createNativeQuery("UPDATE org_unit SET parent_id = ?1 WHERE id = ?2")
                .setParameter(1, parentId)
                .setParameter(2, id)
                .executeUpdate();
    }

    private View find(Scope scope, String id) {
        return tree(scope).stream()
                .filter(v -> v.id().equalsIgnoreCase(id))
                .findFirst()
                .orElseThrow(() -> notFound(id));
    }

    private void insert(String id, String name, String parentId) {
        em.createNativeQuery("INSERT INTO org_unit (id, name, parent_id, created_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, id)
                .setParameter(2, name)
                .setParameter(3, parentId)
                .setParameter(4, clock.instant())
                .executeUpdate();
        em.createNativeQuery(
                        "INSERT INTO org_closure (ancestor_id, descendant_id, depth) SELECT ancestor_id, ?1, depth + 1 FROM org_closure"
                                + " WHERE descendant_id = ?2 UNION ALL SELECT ?1, ?1, 0")
                .setParameter(1, id)
                .setParameter(2, parentId)
                .executeUpdate();
    }

    /** Tree edits one at a time: two crossing moves could otherwise build a cycle. */
    private void lockTree() {
        em.createNativeQuery("SELECT id FROM org_unit WHERE id = ?1 FOR UPDATE")
                .setParameter(1, Scope.ROOT)
                .getResultList();
    }

    static ProblemException notFound(String id) {
        return ProblemException.notFound(NOT_FOUND, "No organisation " + id);
    }
}
