package dev.zhijia.booking;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.benefit.Benefits;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import dev.zhijia.member.Audience;
import dev.zhijia.member.AudienceRule;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import dev.zhijia.station.Stations;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Bookable services and their slots: admins set them up, everyone browses them with live seats left. */
@ApplicationScoped
public class Services {

    @RegisterForReflection
    public record View(
            long id,
            String orgId,
            String title,
            BookableService.Kind kind,
            String description,
            List<Long> stationIds,
            OffsetDateTime releaseAt,
            int cancelMinutesBefore,
            Benefits.Eligibility eligibility,
            String status) {}

    @RegisterForReflection
    public record SlotView(long slotId, OffsetDateTime startsAt, OffsetDateTime endsAt, int capacity, long remaining) {}

    @RegisterForReflection
    public record Slots(List<SlotView> items) {}

    @RegisterForReflection
    public record Created(int created) {}

    /** The longest span of days one slot listing covers. */
    static final int MAX_LIST_DAYS = 62;

    static final int MAX_RULE_DAYS = 366;

    private final EntityManager em;
    private final ShiftableClock clock;
    private final BookingGate gate;
    private final BookingLoader loader;
    private final Stations stations;
    private final Orgs orgs;

    Services(
            EntityManager em,
            ShiftableClock clock,
            BookingGate gate,
            BookingLoader loader,
            Stations stations,
            Orgs orgs) {
        this.orgs = orgs;
        this.em = em;
        this.clock = clock;
        this.gate = gate;
        this.loader = loader;
        this.stations = stations;
    }

    /** Owned by {@code orgId} (default the admin's org), which, the eligible orgs and the stations must lie in the admin's scope. */
    public View create(Scope scope, ServiceRequest r, long adminId) {
        BookableService s = QuarkusTransaction.requiringNew().call(() -> {
            BookableService created = new BookableService();
            created.orgId = orgs.owner(scope, r.orgId());
            created.title = r.title().strip();
            created.kind = r.kind();
            created.description = r.description() == null ? "" : r.description().strip();
            created.releaseAt = r.releaseAt().toInstant();
            created.cancelMinutesBefore = r.cancelMinutesBefore();
            Audience eligible = AudienceRule.audience(r.eligibility());
            orgs.requireAudience(scope, eligible.orgIds());
            created.eligibleTags = eligible.joinedTags();
            created.eligibleOrgs = eligible.joinedOrgs();
            created.createdBy = adminId;
            created.createdAt = clock.instant();
            created.persist();
            Set<Long> ids = new TreeSet<>(r.stationIds() == null ? List.of() : r.stationIds());
            stations.requireLive(scope, ids);
            for (Long stationId : ids) {
                em.createNativeQuery("INSERT INTO booking_service_station (service_id, station_id) VALUES (?1, ?2)")
                        .setParameter(1, created.id)
                        .setParameter(2, stationId)
                        .executeUpdate();
            }
            return created;
        });
        loader.ensureLoaded(s.id); // after the commit: no tap can reserve a seat of a service MySQL does not have
        return QuarkusTransaction.requiringNew().call(() -> view(s));
    }

    private record Wanted(Instant startsAt, Instant endsAt, int capacity) {}

    /** Adds the slots a request lists or its weekly rule makes; starts the service already has are skipped. */
    public Created addSlots(Scope scope, long serviceId, SlotsRequest r) {
        List<Wanted> wanted = expand(r);
        List<long[]> added = QuarkusTransaction.requiringNew().call(() -> {
            find(scope, serviceId);
            Set<Instant> existing = new HashSet<>();
            List<?> starts = em.createNativeQuery("SELECT starts_at FROM booking_slot WHERE service_id = ?1")
                    .setParameter(1, serviceId)
                    .getResultList();
            starts.forEach(s -> existing.add(SqlTimes.instant(s)));
            List<long[]> out = new ArrayList<>();
            for (Wanted w : wanted) {
                if (existing.add(w.startsAt())) {
                    Slot slot = new Slot();
                    slot.serviceId = serviceId;
                    slot.startsAt = w.startsAt();
                    slot.endsAt = w.endsAt();
                    slot.capacity = w.capacity();
                    slot.persist(); // IDENTITY: inserted now, so the id is known
                    out.add(new long[] {slot.id, slot.capacity, slot.startsAt.toEpochMilli()});
                }
            }
            return out;
        });
        gate.addSlots(serviceId, added);
        return new Created(added.size());
    }

    /** Every slot the request asks for, validated. */
    private List<Wanted> expand(SlotsRequest r) {
        boolean rule = r.from() != null || r.to() != null || r.weekdays() != null || r.times() != null;
        if ((r.slots() == null) == !rule) {
            throw ProblemException.invalid(
                    "slots", "give either a list of slots or a rule (from, to, weekdays, times, capacity)");
        }
        List<Wanted> out = new ArrayList<>();
        if (!rule) {
            for (int i = 0; i < r.slots().size(); i++) {
                SlotsRequest.SlotSpec s = r.slots().get(i);
                out.add(slot(
                        s.startsAt().toInstant(), s.endsAt().toInstant(), s.capacity(), "slots[" + i + "].endsAt"));
            }
            return out;
        }
        if (r.from() == null
                || r.to() == null
                || r.weekdays() == null
                || r.weekdays().isEmpty()
                || r.times() == null
                || r.times().isEmpty()
                || r.capacity() == null) {
            throw ProblemException.invalid("from", "a rule needs from, to, weekdays, times and capacity");
        }
        if (r.to().isBefore(r.from()) || ChronoUnit.DAYS.between(r.from(), r.to()) >= MAX_RULE_DAYS) {
            throw ProblemException.invalid("to", "must be on or after from, within " + MAX_RULE_DAYS + " days");
        }
        Set<DayOfWeek> days = new HashSet<>();
        r.weekdays().forEach(d -> days.add(DayOfWeek.of(d)));
        for (LocalDate day = r.from(); !day.isAfter(r.to()); day = day.plusDays(1)) {
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            for (String t : r.times()) {
                Instant start = day.atTime(LocalTime.parse(t.substring(0, 5)))
                        .atZone(clock.getZone())
                        .toInstant();
                Instant end = day.atTime(LocalTime.parse(t.substring(6)))
                        .atZone(clock.getZone())
                        .toInstant();
                out.add(slot(start, end, r.capacity(), "times"));
                if (out.size() > SlotsRequest.MAX_SLOTS) {
                    throw ProblemException.invalid(
                            "to", "a rule may make at most " + SlotsRequest.MAX_SLOTS + " slots");
                }
            }
        }
        return out;
    }

    private static Wanted slot(Instant start, Instant end, int capacity, String field) {
        if (!end.isAfter(start) || Duration.between(start, end).toDays() >= 31) {
            throw ProblemException.invalid(field, "a slot must end after it starts, within 31 days");
        }
        return new Wanted(start, end, capacity);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public View detail(long id) {
        return view(find(id));
    }

    /** Newest first; {@code kind} null: all kinds. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<View> list(BookableService.Kind kind, int limit, long before) {
        var query = kind == null
                ? BookableService.<BookableService>find("id < ?1 order by id desc", before)
                : BookableService.<BookableService>find("id < ?1 and kind = ?2 order by id desc", before, kind);
        return page(query, limit);
    }

    /** The services of the admin's scope, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<View> list(Scope scope, int limit, long before) {
        return page(
                BookableService.<BookableService>find(
                        "id < ?1 and " + scope.where("orgId") + " order by id desc", before),
                limit);
    }

    private Page<View> page(PanacheQuery<BookableService> query, int limit) {
        return Page.of(query.range(0, limit).list().stream().map(this::view).toList(), limit, View::id);
    }

    /** Slots starting on the service-zone days {@code from}..{@code to} (default: today and the next 13 days), soonest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Slots slots(long serviceId, LocalDate from, LocalDate to) {
        find(serviceId);
        LocalDate first = from == null ? clock.today() : from;
        LocalDate last = to == null ? first.plusDays(13) : to;
        if (last.isBefore(first) || ChronoUnit.DAYS.between(first, last) >= MAX_LIST_DAYS) {
            throw ProblemException.invalid("to", "must be on or after from, within " + MAX_LIST_DAYS + " days");
        }
        List<Slot> rows = Slot.<Slot>find(
                        "serviceId = ?1 and startsAt >= ?2 and startsAt < ?3 order by startsAt",
                        serviceId,
                        clock.startOf(first),
                        clock.startOf(last.plusDays(1)))
                .list();
        Map<Long, Long> live =
                gate.remaining(serviceId, rows.stream().map(s -> s.id).toList());
        return new Slots(rows.stream()
                .map(s -> new SlotView(
                        s.id, clock.at(s.startsAt), clock.at(s.endsAt), s.capacity, live.getOrDefault(s.id, (long)
                                Math.max(0, s.capacity - s.booked))))
                .toList());
    }

    public BookableService find(long id) {
        BookableService s = BookableService.findById(id);
        if (s == null) {
            throw notFound(id);
        }
        return s;
    }

    /** The service, if it is the admin's to see; out of the scope, 404 as if it did not exist. */
    public BookableService find(Scope scope, long id) {
        BookableService s = BookableService.findById(id);
        return scope.visible(s, s == null ? null : s.orgId, () -> notFound(id));
    }

    @SuppressWarnings("unchecked")
    public List<Long> stationIds(long serviceId) {
        return em.createNativeQuery(
                        "SELECT station_id FROM booking_service_station WHERE service_id = ?1 ORDER BY station_id",
                        Long.class)
                .setParameter(1, serviceId)
                .getResultList();
    }

    View view(BookableService s) {
        return new View(
                s.id,
                s.orgId,
                s.title,
                s.kind,
                s.description,
                stationIds(s.id),
                clock.at(s.releaseAt),
                s.cancelMinutesBefore,
                new Benefits.Eligibility(s.tagList(), s.orgList()),
                clock.instant().isBefore(s.releaseAt) ? "upcoming" : "open");
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound(BookingErrors.SERVICE_NOT_FOUND, "No service " + id);
    }
}
