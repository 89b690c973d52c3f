package dev.zhijia.booking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import dev.zhijia.member.Eligibility;
import dev.zhijia.testsupport.BulkMembers;
import dev.zhijia.testsupport.Burst;
import dev.zhijia.testsupport.Fixtures;
import dev.zhijia.testsupport.StationMap;
import dev.zhijia.testsupport.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.zhijia.booking.BookingTestData.book;
import static dev.zhijia.booking.BookingTestData.day;
import static dev.zhijia.booking.BookingTestData.remaining;
import static dev.zhijia.booking.BookingTestData.slots;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ARCHITECTURE.md "Bookings" under real concurrency on the real servers: never overbooked, never twice, even when Redis is lost. */
@QuarkusTest
class BookingBurstTest {

    @Inject
    BookingReconciler reconciler;

    @Inject
    Eligibility eligibility;

    /** Members who tap have logged in and looked around first: their eligibility is cached, as in a real release. */
    private List<BulkMembers.Member> members(int n) {
        List<BulkMembers.Member> members = BulkMembers.verified(n, "", null);
        members.forEach(m -> eligibility.of(m.id()));
        return members;
    }

    @AfterEach
    void restoreStations() {
        StationMap.awaitRebuilt(); // a test here may have emptied Redis: give the next test its station map back
    }

    private static Burst.Call tap(long serviceId, long slotId, BulkMembers.Member m) {
        return new Burst.Call(
                "POST", "/api/v1/services/" + serviceId + "/bookings", m.token(), "{\"slotId\":" + slotId + "}");
    }

    private static Map<String, Long> tally(List<Burst.Answer> answers) {
        return answers.stream()
                .collect(Collectors.groupingBy(
                        a -> a.status() + (a.status() < 400 || a.code() == null ? "" : " " + a.code()),
                        Collectors.counting()));
    }

    /** Seats taken per slot in MySQL: the rows, and the guarded counter; they must agree. */
    private static void assertSlotsWithinCapacity(List<Long> slots, int capacity) {
        for (long slot : slots) {
            long rows = count("SELECT COUNT(*) FROM booking WHERE slot_id = ? AND status <> 'CANCELLED'", slot);
            long counter = count("SELECT booked FROM booking_slot WHERE id = ?", slot);
            assertTrue(rows <= capacity, "slot " + slot + " has " + rows);
            assertEquals(rows, counter, "slot " + slot + " counter");
        }
    }

    private static long count(String sql, Object... params) {
        return Fixtures.query(sql, rs -> rs.getLong(1), params).get(0);
    }

    private static long live(long serviceId) {
        return count("SELECT COUNT(*) FROM booking WHERE service_id = ? AND live_member_id IS NOT NULL", serviceId);
    }

    private static long distinctMembers(long serviceId) {
        return count(
                "SELECT COUNT(DISTINCT member_id) FROM booking WHERE service_id = ? AND live_member_id IS NOT NULL",
                serviceId);
    }

    @Test
    void aReleaseBurstFillsEverySlotExactly() {
        long service = BookingTestData.openService();
        List<Long> s = slots(service, day(3), 4, 25);
        List<BulkMembers.Member> members = members(2000);
        List<Burst.Call> calls = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            calls.add(tap(service, s.get(i % 4), members.get(i)));
        }
        Collections.shuffle(calls);
        List<Burst.Answer> answers = Burst.fire(calls, 200);
        System.out.printf("2000 bookings on 4 x 25 seats: %s%n", tally(answers));
        assertEquals(
                100,
                answers.stream().filter(a -> a.status() == 201).count(),
                tally(answers).toString());
        assertEquals(
                1900,
                answers.stream()
                        .filter(a -> a.status() == 409 && "SLOT_FULL".equals(a.code()))
                        .count());
        assertEquals(100, live(service));
        assertEquals(100, distinctMembers(service));
        assertSlotsWithinCapacity(s, 25);
        s.forEach(slot -> assertEquals(0, remaining(service, slot)));
    }

    @Tag("heavy") // the main suite runs it; the Redis Cluster step leaves it out (scripts/test.sh)
    @Test
    void membersTappingSeveralSlotsGetOneBookingEach() {
        long service = BookingTestData.openService();
        List<Long> s = slots(service, day(4), 3, 40);
        List<BulkMembers.Member> members = members(200);
        List<Burst.Call> calls = new ArrayList<>();
        for (BulkMembers.Member m : members) {
            s.forEach(slot -> calls.add(tap(service, slot, m)));
        }
        Collections.shuffle(calls);
        List<Burst.Answer> answers = Burst.fire(calls, 200);
        System.out.printf("200 members x 3 slots of 40 seats: %s%n", tally(answers));
        assertTrue(
                answers.stream().allMatch(a -> a.status() == 201 || a.status() == 409),
                tally(answers).toString());
        long booked = answers.stream().filter(a -> a.status() == 201).count();
        assertEquals(booked, live(service));
        assertEquals(booked, distinctMembers(service), "nobody twice");
        assertEquals(120, booked, "120 seats, 200 members: every seat taken");
        assertSlotsWithinCapacity(s, 40);
    }

    @Test
    void fullSlotAndDuplicateTapsNeverReachMySql() throws Exception {
        long service = BookingTestData.openService();
        long slot = slots(service, day(5), 1, 5).get(0);
        List<BulkMembers.Member> members = members(200);
        long writesBefore = Fixtures.innodbRowWrites();
        List<Burst.Call> calls =
                members.stream().map(m -> tap(service, slot, m)).collect(Collectors.toCollection(ArrayList::new));
        members.subList(0, 50).forEach(m -> calls.add(tap(service, slot, m)));
        List<Burst.Answer> answers = Burst.fire(calls, 100);
        long writes = Fixtures.innodbRowWrites() - writesBefore;
        System.out.printf("250 taps on 5 seats: %s, MySQL row writes %d%n", tally(answers), writes);
        assertEquals(5, answers.stream().filter(a -> a.status() == 201).count());
        // each winner: one slot UPDATE, one booking INSERT and the day's figure upsert (figure_service_day, the
        // daily charts' rollup); nobody else writes
        assertTrue(writes <= 5 * 3, "MySQL writes: " + writes);
    }

    @Tag("heavy") // the main suite runs it; the Redis Cluster step leaves it out (scripts/test.sh)
    @Test
    void redisFlushedMidBurstNeverOverbooksOrDuplicates() {
        long service = BookingTestData.openService();
        List<Long> s = slots(service, day(6), 4, 25);
        List<BulkMembers.Member> members = members(1500);
        List<Burst.Call> calls = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            calls.add(tap(service, s.get(i % 4), members.get(i)));
        }
        members.subList(0, 500).forEach(m -> calls.add(tap(service, s.get(3), m)));
        Collections.shuffle(calls);
        Thread flusher = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            TestRedis.flush();
        });
        flusher.start();
        List<Burst.Answer> answers = Burst.fire(calls, 200);
        System.out.printf("booking burst with Redis flushed mid-way: %s%n", tally(answers));
        assertSlotsWithinCapacity(s, 25);
        assertEquals(live(service), distinctMembers(service));
        assertTrue(
                answers.stream().noneMatch(a -> a.status() >= 500 && a.status() != 503),
                tally(answers).toString());
        assertEquals(
                answers.stream().filter(a -> a.status() == 201).count(),
                live(service),
                "every 201 has its MySQL row, and no row without a 201");

        reconciler.reconcile(service);
        for (long slot : s) {
            assertEquals(
                    25 - count("SELECT COUNT(*) FROM booking WHERE slot_id = ? AND status <> 'CANCELLED'", slot),
                    remaining(service, slot));
        }
    }

    @Test
    void concurrentMovesIntoASmallSlotKeepEveryoneElsesOldSeat() {
        long service = BookingTestData.openService();
        List<Long> s = slots(service, day(7), 2, 20);
        List<BulkMembers.Member> members = BulkMembers.verified(20, "", null);
        List<Burst.Call> moves = new ArrayList<>();
        for (BulkMembers.Member m : members) {
            long id = book(m.token(), service, s.get(0))
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getLong("bookingId");
            moves.add(new Burst.Call("PUT", "/api/v1/me/bookings/" + id, m.token(), "{\"slotId\":" + s.get(1) + "}"));
        }
        // fill the second slot but for 5 seats
        for (BulkMembers.Member m : BulkMembers.verified(15, "", null)) {
            book(m.token(), service, s.get(1)).statusCode(201);
        }
        List<Burst.Answer> answers = Burst.fire(moves, 20);
        System.out.printf("20 moves into 5 free seats: %s%n", tally(answers));
        assertEquals(5, answers.stream().filter(a -> a.status() == 200).count());
        assertEquals(
                15,
                answers.stream()
                        .filter(a -> a.status() == 409 && "SLOT_FULL".equals(a.code()))
                        .count());
        assertEquals(15, count("SELECT COUNT(*) FROM booking WHERE slot_id = ? AND status = 'BOOKED'", s.get(0)));
        assertEquals(20, count("SELECT COUNT(*) FROM booking WHERE slot_id = ? AND status = 'BOOKED'", s.get(1)));
        assertSlotsWithinCapacity(s, 20);
        assertEquals(5, remaining(service, s.get(0)));
        assertEquals(0, remaining(service, s.get(1)));
    }
}
