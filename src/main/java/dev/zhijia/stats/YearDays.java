package dev.zhijia.stats;

import java.time.LocalDate;
import java.util.List;

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

    /**
     * A condition on {@code figure_served_year} rows: the year of first..last (both in that year) and any of
     * those days set. Its parameters are appended to {@code args}, numbered after the ones already there.
     */
    static String anyDayOf(LocalDate first, LocalDate last, List<Object> args) {
        StringBuilder where =
                new StringBuilder("(year = ?").append(args.size() + 1).append(" AND (");
        args.add(first.getYear());
        long[] masks = masks(first, last);
        boolean firstColumn = true;
        for (int c = 0; c < masks.length; c++) {
            if (masks[c] != 0) {
                where.append(firstColumn ? "" : " OR ")
                        .append(column(c))
                        .append(" & ?")
                        .append(args.size() + 1)
                        .append(" <> 0");
                args.add(masks[c]);
                firstColumn = false;
            }
        }
        return where.append("))").toString();
    }

    /** A SQL expression, 1 or 0: whether a {@code figure_served_year} row has this day set. */
    static String isSet(LocalDate day) {
        return "((" + column(day) + " >> " + ((day.getDayOfYear() - 1) % BITS) + ") & 1)";
    }
}
