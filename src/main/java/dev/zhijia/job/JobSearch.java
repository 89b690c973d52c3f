package dev.zhijia.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import dev.zhijia.common.CommonErrors;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.station.Geo;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * 岗位直搜: open posts by words, filters and distance, answered from {@link JobIndex} (the open posts in memory,
 * kept current across replicas) and the page's rows read from MySQL by id. Words go to MySQL's own full-text
 * search with the n-gram parser (index {@code ft_job_text}, migration V13) once per index snapshot and query;
 * where that index is absent — MariaDB, which has no n-gram parser — each word is a {@code LIKE '%word%'} on
 * title, employer and description instead: the same matches, found by scanning the open posts rather than
 * through an index. Which one is used is decided once at start by looking for the index.
 * <p>
 * Without a position the newest post comes first (keyset on id). With one, posts within the radius come
 * nearest first with {@code distanceMeters}, great-circle by the station map's {@link Geo}; the candidates
 * come from the index's {@link dev.zhijia.common.GeoGrid} cells around the radius's bounding box, and the
 * cursor is the last (distance, id) shown.
 */
@ApplicationScoped
public class JobSearch {

    private static final Logger LOG = Logger.getLogger(JobSearch.class);

    public record Criteria(
            String q,
            String category,
            String district,
            Integer salaryMin,
            Double lat,
            Double lng,
            Integer radius,
            int limit,
            String cursor) {
        boolean near() {
            return lat != null;
        }
    }

    public enum Strategy {
        /** MySQL 8: MATCH … AGAINST in boolean mode on the n-gram index. */
        NGRAM_FULLTEXT,
        /** MariaDB (no n-gram parser): LIKE on the three columns. */
        LIKE
    }

    /** Characters with a meaning in boolean full-text syntax or LIKE, and punctuation: they separate words. */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Punct}\\p{IsPunctuation}+<>~*\"@]+");

    private static final int MAX_WORDS = 5;
    private static final String COLUMNS =
            "j.id, j.title, j.employer, j.category, c.name, j.district, d.name, j.address, j.lat, j.lng,"
                    + " j.salary_min, j.salary_max, j.description, j.tags, j.headcount, j.hired_count, j.application_count, j.views, j.closes_at,"
                    + " j.status, j.org_id";
    private static final String FROM =
            " FROM job_post j JOIN job_category c ON c.code = j.category JOIN job_district d ON d.code = j.district";

    private final EntityManager em;
    private final ShiftableClock clock;
    private final JobIndex index;
    private volatile Strategy strategy;
    private volatile int ngramSize = 2;

    JobSearch(EntityManager em, ShiftableClock clock, JobIndex index) {
        this.em = em;
        this.clock = clock;
        this.index = index;
    }

    void onStart(@Observes StartupEvent event) {
        strategy();
    }

    /** Looks for the n-gram index once (and reads {@code ngram_token_size}, which is fixed at server start). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Strategy strategy() {
        Strategy s = strategy;
        if (s == null) {
            Number n = (Number) em.createNativeQuery(
                            "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE()"
                                    + " AND table_name = 'job_post' AND index_name = 'ft_job_text'")
                    .getSingleResult();
            s = n.longValue() > 0 ? Strategy.NGRAM_FULLTEXT : Strategy.LIKE;
            if (s == Strategy.NGRAM_FULLTEXT) {
                ngramSize = ((Number) em.createNativeQuery("SELECT @@ngram_token_size")
                                .getSingleResult())
                        .intValue();
            }
            strategy = s;
            LOG.infof(
                    "job search: %s%s", s, s == Strategy.NGRAM_FULLTEXT ? " (ngram_token_size " + ngramSize + ")" : "");
        }
        return s;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<JobView> search(Criteria q) {
        long now = clock.instant().toEpochMilli();
        List<String> words = words(q.q());
        JobIndex.Snapshot s = index.snapshot();
        long[] matching = words.isEmpty() ? null : s.matching(String.join("\u0000", words), () -> matching(words));
        Predicate<JobIndex.Post> keep = p -> p.closesAt() > now
                && (q.category() == null || q.category().equals(p.category()))
                && (q.district() == null || q.district().equals(p.district()))
                // a floor the post can reach: 4000–6000 is shown to someone asking for at least 5000
                && (q.salaryMin() == null || p.salaryMax() >= q.salaryMin());
        return q.near() ? nearest(q, s, matching, keep) : newest(q, s, matching, keep);
    }

    /**
     * The open posts the words match, by the database's own text search: MATCH … AGAINST on the n-gram index
     * (MySQL 8), or a LIKE per word on the three columns (MariaDB). Asked once per index snapshot and words.
     */
    private long[] matching(List<String> words) {
        StringBuilder where = new StringBuilder(" WHERE j.status = 'OPEN'");
        List<Object> params = new ArrayList<>();
        if (strategy() == Strategy.NGRAM_FULLTEXT) {
            params.add(booleanQuery(words, ngramSize));
            where.append(" AND MATCH (j.title, j.employer, j.description) AGAINST (?1 IN BOOLEAN MODE)");
        } else {
            for (String w : words) {
                params.add("%" + w + "%"); // words hold no % _ or \ (punctuation separates words)
                int p = params.size();
                where.append(" AND (j.title LIKE ?")
                        .append(p)
                        .append(" OR j.employer LIKE ?")
                        .append(p)
                        .append(" OR j.description LIKE ?")
                        .append(p)
                        .append(')');
            }
        }
        return this.<Number>rows("SELECT j.id FROM job_post j" + where, params).stream()
                .mapToLong(Number::longValue)
                .toArray();
    }

    /** Newest first: the index's ids (or the words' matches) from the cursor down, the page's rows by id. */
    private Page<JobView> newest(Criteria q, JobIndex.Snapshot s, long[] matching, Predicate<JobIndex.Post> keep) {
        long[] ids = matching != null ? matching : s.ids;
        int from = Arrays.binarySearch(ids, Page.before(q.cursor()));
        from = from >= 0 ? from - 1 : -from - 2; // the last id below the cursor
        List<Long> page = new ArrayList<>(q.limit() + 1);
        for (int i = from; i >= 0 && page.size() <= q.limit(); i--) {
            JobIndex.Post p = s.byId.get(ids[i]);
            if (p != null && keep.test(p)) {
                page.add(p.id());
            }
        }
        Map<Long, JobView> byId = new HashMap<>();
        load(page).forEach(v -> byId.put(v.id(), v));
        return Page.of(page.stream().filter(byId::containsKey).map(byId::get).toList(), q.limit(), JobView::id);
    }

    private record Candidate(long id, int meters) {}

    private static final Comparator<Candidate> NEAREST =
            Comparator.comparingInt(Candidate::meters).thenComparingLong(Candidate::id);

    /** Nearest first: the grid cells around the position, each candidate measured, the page's rows by id. */
    private Page<JobView> nearest(Criteria q, JobIndex.Snapshot s, long[] matching, Predicate<JobIndex.Post> keep) {
        Candidate after = NearCursor.decode(q.cursor());
        // half a metre more: a post 1500.3 m away is shown as 1500 and so lies inside radius=1500
        Geo.Box box = Geo.box(q.lat(), q.lng(), q.radius() + 0.5);
        List<Candidate> inside = new ArrayList<>();
        s.grid.forEachCandidate(box.minLat(), box.maxLat(), box.minLng(), box.maxLng(), p -> {
            if (!keep.test(p) || (matching != null && Arrays.binarySearch(matching, p.id()) < 0)) {
                return;
            }
            // inside iff the whole metres the member is shown are within the radius, as on the station map
            int shown = (int) Math.round(Geo.distanceMeters(q.lat(), q.lng(), p.lat(), p.lng()));
            Candidate c = new Candidate(p.id(), shown);
            if (shown <= q.radius() && (after == null || NEAREST.compare(c, after) > 0)) {
                inside.add(c);
            }
        });
        inside.sort(NEAREST);
        List<Candidate> page = inside.subList(0, Math.min(inside.size(), q.limit() + 1));
        Map<Long, JobView> byId = new HashMap<>();
        load(page.stream().map(Candidate::id).toList()).forEach(v -> byId.put(v.id(), v));
        List<JobView> items = page.stream()
                .filter(c -> byId.containsKey(c.id()))
                .map(c -> byId.get(c.id()).withDistance(c.meters()))
                .toList();
        if (items.size() <= q.limit()) {
            return new Page<>(items, null);
        }
        JobView last = items.get(q.limit() - 1);
        return new Page<>(
                List.copyOf(items.subList(0, q.limit())),
                NearCursor.encode(new Candidate(last.id(), last.distanceMeters())));
    }

    /** These posts as shown (any status), in no particular order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JobView> load(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        StringBuilder in = new StringBuilder();
        for (int i = 1; i <= ids.size(); i++) {
            in.append(i == 1 ? "?" : ",?").append(i);
        }
        return this.<Object[]>rows("SELECT " + COLUMNS + FROM + " WHERE j.id IN (" + in + ")", new ArrayList<>(ids))
                .stream()
                .map(this::view)
                .toList();
    }

    /** Words of the query: split on spaces, punctuation and full-text operators, distinct, at most five. */
    static List<String> words(String q) {
        if (q == null || q.isBlank()) {
            return List.of();
        }
        LinkedHashSet<String> words = new LinkedHashSet<>(Arrays.asList(SEPARATORS.split(q.strip())));
        words.remove("");
        if (words.size() > MAX_WORDS) {
            throw ProblemException.invalid("q", "at most " + MAX_WORDS + " words");
        }
        return List.copyOf(words);
    }

    /**
     * Every word required. A word of at least {@code ngram} characters is a phrase of its n-grams (快递员 →
     * "快递 递员": the characters in that order); a shorter one (保 with the default size 2) cannot be a whole
     * n-gram, so it is a prefix — {@code 保*} matches every n-gram starting with 保: 保安, 保洁, 环保工程 —
     * which misses only a 保 that ends a run of text.
     */
    static String booleanQuery(List<String> words, int ngram) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            b.append(b.length() == 0 ? "" : " ");
            b.append(w.codePointCount(0, w.length()) < ngram ? "+" + w + "*" : "+\"" + w + "\"");
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> rows(String sql, List<Object> params) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
        }
        return query.getResultList();
    }

    private JobView view(Object[] r) {
        String tags = (String) r[13];
        Instant closesAt = SqlTimes.instant(r[18]);
        int headcount = ((Number) r[14]).intValue();
        int hired = ((Number) r[15]).intValue();
        boolean past = !closesAt.isAfter(clock.instant());
        boolean open = JobPost.OPEN.equals(r[19]) && !past && hired < headcount;
        return new JobView(
                ((Number) r[0]).longValue(),
                (String) r[1],
                (String) r[2],
                (String) r[3],
                (String) r[4],
                (String) r[5],
                (String) r[6],
                (String) r[7],
                ((Number) r[8]).doubleValue(),
                ((Number) r[9]).doubleValue(),
                ((Number) r[10]).intValue(),
                ((Number) r[11]).intValue(),
                (String) r[12],
                tags == null || tags.isEmpty() ? List.of() : List.of(tags.split(";")),
                headcount,
                hired,
                ((Number) r[16]).intValue(),
                ((Number) r[17]).longValue(),
                clock.at(closesAt),
                JobView.status((String) r[19], past),
                open,
                (String) r[20],
                null);
    }

    /** The opaque cursor of a nearest-first page: the last (distance, id) shown. */
    static final class NearCursor {
        private NearCursor() {}

        static String encode(Candidate c) {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("near:" + c.meters() + ":" + c.id()).getBytes(StandardCharsets.UTF_8));
        }

        static Candidate decode(String cursor) {
            if (cursor == null || cursor.isEmpty()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
                if (parts.length != 3 || !parts[0].equals("near")) {
                    throw new IllegalArgumentException();
                }
                Candidate c = new Candidate(Long.parseLong(parts[2]), Integer.parseInt(parts[1]));
                if (c.id() <= 0 || c.meters() < 0) {
                    throw new IllegalArgumentException();
                }
                return c;
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(
                        CommonErrors.INVALID_CURSOR, "The cursor is not one this service issued");
            }
        }
    }
}
