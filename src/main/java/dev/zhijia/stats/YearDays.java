package dev.zhijia.stats;

import java.time.LocalDate;

/**
 * Where a day lives in a {@code figure_served_year} row: day-of-year d (1..366) is bit (d−1) % 63 of
 * column d&lt;(d−1) / 63&gt;. 63 bits a column, so every mask is a positive long and a positive BIGINT.
 */
final class YearDays {

    static final int COLUMNS = 6;
    private static final int BITS = 63;
    private static final String[] NAMES = {"d0", "d1", "d2", "d3", "d4", "d5"};

    private YearDays() {}

    static String column(LocalDate day) {
        return NAMES[(day.getDayOfYear() - 1) / BITS];
    }

    static String column(int index) {
        return NAMES[index];
    }

    static long bit(LocalDate day) {
        return 1L << ((day.getDayOfYear() - 1) % BITS);
    }

    /** Per column, the bits of the days first..last (both in the same year); 0 where the column has none. */
    static long[] masks(LocalDate first, LocalDate last) {
        long[] masks = new long[COLUMNS];
        int from = first.getDayOfYear() - 1;
        int to = last.getDayOfYear() - 1;
        for (int c = 0; c < COLUMNS; c++) {
            int lo = Math.max(from, c * BITS);
            int hi = Math.min(to, c * BITS + BITS - 1);
            if (lo <= hi) {
                int width = hi - lo + 1;
                masks[c] = ((1L << width) - 1) << (lo - c * BITS); // width ≤ 63: (1 << 63) − 1 is all 63 bits
            }
        }
        return masks;
    }
}
