package dev.zhijia.job;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.zhijia.common.NativeCounts;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RowLocks;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import dev.zhijia.station.Geo;
import dev.zhijia.station.StationRequest;

/**
 * Job posts (admin) and their categories and districts, which are rows, not code. A post belongs to an org
 * ({@code org_id}); an admin lists, edits and deletes only their subtree's posts. Categories and districts are
 * the city's: only the root's admins change them.
 */
@ApplicationScoped
public class Jobs {

    static final String TABLE = "job_post";

    private final EntityManager em;
    private final ShiftableClock clock;
    private final JobViews views;
    private final JobSearch search;
    private final Orgs orgs;
    private final JobIndex index;

    Jobs(EntityManager em, ShiftableClock clock, JobViews views, JobSearch search, Orgs orgs, JobIndex index) {
        this.index = index;
        this.em = em;
        this.clock = clock;
        this.views = views;
        this.search = search;
        this.orgs = orgs;
    }

    @Transactional
    public JobView create(Scope scope, JobRequest r, long staffId) {
        JobPost p = new JobPost();
        p.orgId = orgs.owner(scope, r.orgId());
        p.createdBy = staffId;
        p.createdAt = clock.instant();
        p.createdMonth = clock.dayOf(p.createdAt).withDayOfMonth(1);
        p.status = JobPost.OPEN;
        apply(p, r);
        p.persistAndFlush();
        index.changed();
        return view(p);
    }

    @Transactional
    public JobView replace(Scope scope, long id, JobRequest r) {
        JobPost p = live(scope, id);
        if (r.orgId() != null) {
            p.orgId = orgs.owner(scope, r.orgId());
        }
        if (r.headcount() < p.hiredCount) {
            throw ProblemException.invalid("headcount", "must not be below the " + p.hiredCount + " already hired");
        }
        apply(p, r);
        p.status = p.hiredCount < p.headcount ? JobPost.OPEN : JobPost.FILLED;
        index.changed();
        return view(p);
    }

    /** The post leaves every list; applications keep it (members still see what they applied to). */
    @Transactional
    public void delete(Scope scope, long id) {
        JobPost p = live(scope, id);
        p.status = JobPost.DELETED;
        p.updatedAt = clock.instant();
        index.changed();
    }

    /** A hire in this transaction may have filled the post: search drops it once that committed. */
    void hired() {
        index.changed();
    }

    /** A post of the scope that is not deleted, locked for a change; otherwise 404 as if it did not exist. */
    private JobPost live(Scope scope, long id) {
        JobPost p = RowLocks.find(em, JobPost.class, TABLE, id, LockModeType.PESSIMISTIC_WRITE);
        if (p == null || JobPost.DELETED.equals(p.status)) {
            throw notFound(id);
        }
        return scope.visible(p, p.orgId, () -> notFound(id));
    }

    /** A post anyone may read (open or not), counted as one view; deleted posts are gone (404). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public JobView detail(long id) {
        JobPost p = JobPost.findById(id);
        if (p == null || JobPost.DELETED.equals(p.status)) {
            throw notFound(id);
        }
        long unflushed = views.viewed(id);
        JobView v = search.load(List.of(id)).get(0);
        return v.withViews(v.views() + unflushed);
    }

    /** Every post but deleted ones, newest first, open or not: the admin list. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<JobView> adminList(Scope scope, int limit, long before) {
        List<Long> ids = em.createQuery(
                        "select j.id from JobPost j where j.status <> ?1 and j.id < ?2 and " + scope.where("j.orgId")
                                + " order by j.id desc",
                        Long.class)
                .setParameter(1, JobPost.DELETED)
                .setParameter(2, before)
                .setMaxResults(limit + 1)
                .getResultList();
        Map<Long, JobView> byId = new HashMap<>();
        search.load(ids).forEach(v -> byId.put(v.id(), v));
        return Page.of(ids.stream().map(byId::get).toList(), limit, JobView::id);
    }

    /** The post, whether or not deleted (applications outlive their post). */
    JobPost require(long id) {
        JobPost p = JobPost.findById(id);
        if (p == null) {
            throw notFound(id);
        }
        return p;
    }

    /** The post (deleted or not) if it is the scope's; otherwise 404 as if it did not exist. */
    JobPost require(Scope scope, long id) {
        JobPost p = require(id);
        return scope.visible(p, p.orgId, () -> notFound(id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JobView.Label> categories() {
        return labels("job_category");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JobView.Label> districts() {
        return labels("job_district");
    }

    /** Adds a category or renames it; {@code sortOrder} places it in the client's filter. */
    @Transactional
    public JobView.Label putCategory(Scope scope, String code, String name, int sortOrder) {
        scope.requireRoot("Editing the job categories");
        return putLabel("job_category", code, name, sortOrder);
    }

    @Transactional
    public JobView.Label putDistrict(Scope scope, String code, String name, int sortOrder) {
        scope.requireRoot("Editing the job districts");
        return putLabel("job_district", code, name, sortOrder);
    }

    private JobView.Label putLabel(String table, String code, String name, int sortOrder) {
        // portable upsert: the row is tiny and admins rarely race on it
        int n = em.createNativeQuery("UPDATE " + table + " SET name = ?1, sort_order = ?2 WHERE code = ?3")
                .setParameter(1, name)
                .setParameter(2, sortOrder)
                .setParameter(3, code)
                .executeUpdate();
        if (n == 0) {
            em.createNativeQuery("INSERT INTO " + table + " (code, name, sort_order) VALUES (?1, ?2, ?3)")
                    .setParameter(1, code)
                    .setParameter(2, name)
                    .setParameter(3, sortOrder)
                    .executeUpdate();
        }
        return new JobView.Label(code, name);
    }

    @SuppressWarnings("unchecked")
    private List<JobView.Label> labels(String table) {
        List<Object[]> rows = em.createNativeQuery("SELECT code, name FROM " + table + " ORDER BY sort_order, code")
                .getResultList();
        return rows.stream()
                .map(r -> new JobView.Label((String) r[0], (String) r[1]))
                .toList();
    }

    private void apply(JobPost p, JobRequest r) {
        Instant now = clock.instant();
        if (!r.closesAt().toInstant().isAfter(now)) {
            throw ProblemException.invalid("closesAt", "must be in the future");
        }
        if (r.salaryMin() > r.salaryMax()) {
            throw ProblemException.invalid("salaryMax", "must not be below salaryMin");
        }
        if (NativeCounts.count(em, "SELECT COUNT(*) FROM job_category WHERE code = ?1", r.category()) == 0) {
            throw ProblemException.invalid("category", "unknown category (GET /jobs/categories)");
        }
        if (NativeCounts.count(em, "SELECT COUNT(*) FROM job_district WHERE code = ?1", r.district()) == 0) {
            throw ProblemException.invalid("district", "unknown district (GET /jobs/districts)");
        }
        double lat = r.lat();
        double lng = r.lng();
        if (r.datum() == StationRequest.Datum.WGS84) {
            double[] gcj = Geo.wgs84ToGcj02(lat, lng);
            lat = gcj[0];
            lng = gcj[1];
        }
        p.title = r.title().strip();
        p.employer = r.employer().strip();
        p.category = r.category();
        p.district = r.district();
        p.address = r.address() == null ? "" : r.address().strip();
        p.lat = lat;
        p.lng = lng;
        p.salaryMin = r.salaryMin();
        p.salaryMax = r.salaryMax();
        p.description = r.description() == null ? "" : r.description().strip();
        p.headcount = r.headcount();
        p.closesAt = r.closesAt().toInstant();
        p.tags = r.tags() == null
                ? ""
                : String.join(
                        ";",
                        new LinkedHashSet<>(r.tags().stream().map(String::strip).toList()));
        p.updatedAt = now;
    }

    private JobView view(JobPost p) {
        em.flush();
        return search.load(List.of(p.id)).get(0);
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound(JobErrors.JOB_NOT_FOUND, "No job post " + id);
    }
}
