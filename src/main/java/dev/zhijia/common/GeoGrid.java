package dev.zhijia.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Points bucketed in a fixed latitude/longitude grid, for "everything inside this box" in memory: a radius
 * query visits only the cells its bounding box overlaps (a superset of the answer — the caller measures each
 * candidate's real distance). Immutable once built, so any number of threads may read it; a change of the set
 * is a new grid. Generic: anything with a position (job posts today).
 */
public final class GeoGrid<T> {

    private final double cell;
    private final Map<Long, List<T>> cells;
    private final int size;

    private GeoGrid(double cell, Map<Long, List<T>> cells, int size) {
        this.cell = cell;
        this.cells = cells;
        this.size = size;
    }

    /** A builder with square cells of {@code cellDegrees} (0.01° ≈ 1.1 km of latitude). */
    public static <T> Builder<T> builder(double cellDegrees) {
        if (!(cellDegrees > 0)) {
            throw new IllegalArgumentException("cell size must be positive");
        }
        return new Builder<>(cellDegrees);
    }

    public int size() {
        return size;
    }

    /** Calls {@code each} for every point in a cell the box overlaps (possibly outside the box itself). */
    public void forEachCandidate(double minLat, double maxLat, double minLng, double maxLng, Consumer<T> each) {
        int r0 = index(minLat, cell);
        int r1 = index(maxLat, cell);
        int c0 = index(minLng, cell);
        int c1 = index(maxLng, cell);
        if ((long) (r1 - r0 + 1) * (c1 - c0 + 1) > cells.size()) {
            // a box wider than the occupied cells: walking those is cheaper than walking the box
            cells.forEach((key, points) -> {
                int r = (int) (key >> 32);
                int c = (int) (long) key;
                if (r >= r0 && r <= r1 && c >= c0 && c <= c1) {
                    points.forEach(each);
                }
            });
            return;
        }
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                List<T> points = cells.get(key(r, c));
                if (points != null) {
                    points.forEach(each);
                }
            }
        }
    }

    private static int index(double degrees, double cell) {
        return (int) Math.floor(degrees / cell);
    }

    private static long key(int row, int col) {
        return ((long) row << 32) | (col & 0xffffffffL);
    }

    public static final class Builder<T> {
        private final double cell;
        private final Map<Long, List<T>> cells = new HashMap<>();
        private int size;

        private Builder(double cell) {
            this.cell = cell;
        }

        public Builder<T> add(double lat, double lng, T point) {
            cells.computeIfAbsent(key(index(lat, cell), index(lng, cell)), k -> new ArrayList<>(4))
                    .add(point);
            size++;
            return this;
        }

        public GeoGrid<T> build() {
            Map<Long, List<T>> frozen = new HashMap<>(cells.size() * 2);
            cells.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            return new GeoGrid<>(cell, frozen, size);
        }
    }
}
