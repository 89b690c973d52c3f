package dev.zhijia.stats;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class YearDaysTest {

    @Test
    void eachDayOfALeapYearHasItsOwnPositiveBit() {
        long[] seen = new long[YearDays.COLUMNS];
        for (LocalDate d = LocalDate.of(2028, 1, 1); d.getYear() == 2028; d = d.plusDays(1)) {
            int c = Integer.parseInt(YearDays.column(d).substring(1));
            long bit = YearDays.bit(d);
            assertEquals(0, seen[c] & bit, "bit used twice: " + d);
            assertEquals(true, bit > 0, d.toString());
            seen[c] |= bit;
            assertArrayEquals(oneBit(c, bit), YearDays.masks(d, d), d.toString());
        }
        assertArrayEquals(
                seen,
                YearDays.masks(LocalDate.of(2028, 1, 1), LocalDate.of(2028, 12, 31)),
                "the whole year is the union of its days");
    }

    @Test
    void columnEdges() {
        assertEquals("d0", YearDays.column(LocalDate.ofYearDay(2026, 63)));
        assertEquals(1L << 62, YearDays.bit(LocalDate.ofYearDay(2026, 63)));
        assertEquals("d1", YearDays.column(LocalDate.ofYearDay(2026, 64)));
        assertEquals(1L, YearDays.bit(LocalDate.ofYearDay(2026, 64)));
        assertArrayEquals(
                new long[] {1L << 62, 1L, 0, 0, 0, 0},
                YearDays.masks(LocalDate.ofYearDay(2026, 63), LocalDate.ofYearDay(2026, 64)));
        assertArrayEquals(
                new long[] {0, Long.MAX_VALUE, 0, 0, 0, 0},
                YearDays.masks(LocalDate.ofYearDay(2026, 64), LocalDate.ofYearDay(2026, 126)));
        assertEquals("d5", YearDays.column(LocalDate.of(2028, 12, 31)));
    }

    private static long[] oneBit(int column, long bit) {
        long[] m = new long[YearDays.COLUMNS];
        m[column] = bit;
        return m;
    }
}
