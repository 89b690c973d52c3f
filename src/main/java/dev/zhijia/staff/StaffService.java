package dev.zhijia.staff;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.zhijia.auth.Passwords;
import dev.zhijia.auth.Revocations;
import dev.zhijia.auth.Tokens;
import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RowLocks;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import dev.zhijia.station.Stations;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.hibernate.exception.ConstraintViolationException;

@ApplicationScoped
public class StaffService {

    @RegisterForReflection
    public record View(
            long id,
            String username,
            String displayName,
            String role,
            List<Long> stationIds,
            boolean disabled,
            Instant createdAt,
            String orgId) {}

    private final Passwords passwords;
    private final EntityManager em;
    private final Clock clock;
    private final Stations stationRecords;
    private final Tokens tokens;
    private final Revocations revocations;

    private final Orgs orgs;

    StaffService(
            Passwords passwords,
            EntityManager em,
            Clock clock,
            Stations stationRecords,
            Tokens tokens,
            Revocations revocations,
            Orgs orgs) {
        this.orgs = orgs;
        this.stationRecords = stationRecords;
        this.passwords = passwords;
        this.em = em;
        this.clock = clock;
        this.tokens = tokens;
        this.revocations = revocations;
    }

    @Transactional
    public View create(
            Scope scope,
            String username,
            String password,
            String displayName,
            List<Long> stationIds,
            StaffAccount.Role role,
            String orgId) {
        String org = orgs.owner(scope, orgId);
        Set<Long> stations = new TreeSet<>(stationIds);
        stationRecords.requireLive(scope, stations);
        if (StaffAccount.count("username", username) > 0) {
            throw usernameTaken();
        }
        StaffAccount staff = new StaffAccount();
        staff.username = username;
        staff.passwordHash = passwords.hash(password);
        staff.displayName = displayName.strip();
        staff.role = role;
        staff.orgId = org;
        staff.createdAt = clock.instant();
        try {
            staff.persistAndFlush();
        } catch (ConstraintViolationException raced) {
            throw usernameTaken();
        }
        addStations(staff.id, stations);
        return view(staff, List.copyOf(stations));
    }

    /**
     * {@code PUT /admin/staff/{id}}: the whole editable part of an account. A changed role voids the account's
     * access tokens at once on every replica (the next refresh carries the new role); stations are read on every
     * request, so a removed one is refused from the next request on.
     */
    @Transactional
    public View update(
            Scope scope, long id, String displayName, List<Long> stationIds, List<String> roles, long callerId) {
        StaffAccount.Role role = StaffAccount.Role.strongest(roles);
        Set<Long> stations = new TreeSet<>(stationIds);
        StaffAccount staff = locked(scope, id);
        if (id == callerId && role != staff.role) {
            throw ownAccount("change the role of");
        }
        stationRecords.requireLive(scope, stations);
        staff.displayName = displayName.strip();
        if (role != staff.role) {
            staff.role = role;
            revocations.revoke(Caller.staffSubject(id));
        }
        Set<Long> before = new TreeSet<>(stationIds(id));
        Set<Long> removed = new TreeSet<>(before);
        removed.removeAll(stations);
        if (!removed.isEmpty()) {
            em.createNativeQuery("DELETE FROM staff_station WHERE staff_id = ?1 AND station_id IN ?2")
                    .setParameter(1, id)
                    .setParameter(2, removed)
                    .executeUpdate();
        }
        stations.removeAll(before);
        addStations(id, stations);
        return view(staff, stationIds(id));
    }

    /** Signs the account out everywhere within seconds (tokens, sockets) and refuses its logins until enabled. Idempotent. */
    @Transactional
    public View disable(Scope scope, long id, long callerId) {
        if (id == callerId) {
            throw ownAccount("disable");
        }
        StaffAccount staff = locked(scope, id);
        if (staff.disabledAt == null) {
            staff.disabledAt = clock.instant();
        }
        tokens.revokeSubject(Caller.staffSubject(id));
        return view(staff, stationIds(id));
    }

    /** Lets the account log in again; sessions signed out by the disable stay signed out. Idempotent. */
    @Transactional
    public View enable(Scope scope, long id) {
        StaffAccount staff = locked(scope, id);
        staff.disabledAt = null;
        return view(staff, stationIds(id));
    }

    /** The account, locked, if it lies in the caller's subtree (404 STAFF_NOT_FOUND otherwise, as if it did not exist). */
    private StaffAccount locked(Scope scope, long id) {
        StaffAccount staff = RowLocks.find(em, StaffAccount.class, "staff_account", id, LockModeType.PESSIMISTIC_WRITE);
        return scope.visible(
                staff,
                staff == null ? null : staff.orgId,
                () -> ProblemException.notFound(StaffErrors.STAFF_NOT_FOUND, "No staff account " + id));
    }

    private void addStations(long staffId, Set<Long> stationIds) {
        for (Long stationId : stationIds) {
            em.createNativeQuery("INSERT INTO staff_station (staff_id, station_id) VALUES (?1, ?2)")
                    .setParameter(1, staffId)
                    .setParameter(2, stationId)
                    .executeUpdate();
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<View> list(Scope scope, int limit, long before) {
        List<StaffAccount> rows = StaffAccount.find("id < ?1 and " + scope.where("orgId") + " order by id desc", before)
                .range(0, limit)
                .list();
        return Page.of(rows.stream().map(s -> view(s, stationIds(s.id))).toList(), limit, View::id);
    }

    public List<Long> stationIds(long staffId) {
        return em.createNativeQuery(
                        "SELECT station_id FROM staff_station WHERE staff_id = ?1 ORDER BY station_id", Long.class)
                .setParameter(1, staffId)
                .getResultList();
    }

    /** Staff act only at their own stations (403 otherwise); admins at their subtree's (404 otherwise). */
    public void requireStation(long staffId, boolean admin, long stationId) {
        if (admin) {
            stationRecords.live(orgs.scopeOf(orgs.orgOfStaff(staffId)), stationId, LockModeType.NONE);
            return;
        }
        Number n = (Number)
                em.createNativeQuery("SELECT COUNT(*) FROM staff_station WHERE staff_id = ?1 AND station_id = ?2")
                        .setParameter(1, staffId)
                        .setParameter(2, stationId)
                        .getSingleResult();
        if (n.intValue() == 0) {
            throw ProblemException.forbidden(StaffErrors.NOT_YOUR_STATION, "You are not staff of station " + stationId);
        }
    }

    private static View view(StaffAccount s, List<Long> stationIds) {
        return new View(
                s.id,
                s.username,
                s.displayName,
                s.role.group(),
                stationIds,
                s.disabledAt != null,
                s.createdAt,
                s.orgId);
    }

    private static ProblemException ownAccount(String what) {
        return ProblemException.conflict(
                StaffErrors.OWN_ACCOUNT, "An admin cannot " + what + " their own account; ask another admin");
    }

    private static ProblemException usernameTaken() {
        return ProblemException.conflict(StaffErrors.USERNAME_TAKEN, "This username is already in use");
    }
}
