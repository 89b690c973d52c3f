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

import org.hibernate.exception.ConstraintViolationException;

import dev.zhijia.auth.Passwords;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import dev.zhijia.station.Stations;

@ApplicationScoped
public class StaffService {

    public record View(long id, String username, String displayName, String role, List<Long> stationIds, Instant createdAt, String orgId) {
    }

    private final Passwords passwords;
    private final EntityManager em;
    private final Clock clock;
    private final Stations stationRecords;

    private final Orgs orgs;

    StaffService(Passwords passwords, EntityManager em, Clock clock, Stations stationRecords, Orgs orgs) {
        this.orgs = orgs;
        this.stationRecords = stationRecords;
        this.passwords = passwords;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public View create(Scope scope, String username, String password, String displayName, List<Long> stationIds, StaffAccount.Role role,
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
        for (Long stationId : stations) {
            em.createNativeQuery("INSERT INTO staff_station (staff_id, station_id) VALUES (?1, ?2)")
                    .setParameter(1, staff.id).setParameter(2, stationId).executeUpdate();
        }
        return view(staff, List.copyOf(stations));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<View> list(Scope scope, int limit, long before) {
        List<StaffAccount> rows = StaffAccount.find("id < ?1 and " + scope.where("orgId") + " order by id desc", before).range(0, limit).list();
        return Page.of(rows.stream().map(s -> view(s, stationIds(s.id))).toList(), limit, View::id);
    }

    public List<Long> stationIds(long staffId) {
        return em.createNativeQuery("SELECT station_id FROM staff_station WHERE staff_id = ?1 ORDER BY station_id", Long.class)
                .setParameter(1, staffId).getResultList();
    }

    /** Staff act only at their own stations (403 otherwise); admins at their subtree's (404 otherwise). */
    public void requireStation(long staffId, boolean admin, long stationId) {
        if (admin) {
            stationRecords.live(orgs.scopeOf(orgs.orgOfStaff(staffId)), stationId, LockModeType.NONE);
            return;
        }
        Number n = (Number) em.createNativeQuery("SELECT COUNT(*) FROM staff_station WHERE staff_id = ?1 AND station_id = ?2")
                .setParameter(1, staffId).setParameter(2, stationId).getSingleResult();
        if (n.intValue() == 0) {
            throw ProblemException.forbidden("NOT_YOUR_STATION", "You are not staff of station " + stationId);
        }
    }

    private static View view(StaffAccount s, List<Long> stationIds) {
        return new View(s.id, s.username, s.displayName, s.role.group(), stationIds, s.createdAt, s.orgId);
    }

    private static ProblemException usernameTaken() {
        return ProblemException.conflict("USERNAME_TAKEN", "This username is already in use");
    }
}
