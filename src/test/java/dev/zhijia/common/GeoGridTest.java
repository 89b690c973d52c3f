package dev.zhijia.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grid's candidates hold every point of the box (and only points of the cells it overlaps). */
class GeoGridTest {

    record Point(int id, double lat, double lng) {}

    @Test
    void candidatesCoverTheBoxWhateverItsSize() {
        Random random = new Random(7);
        List<Point> points = new ArrayList<>();
        GeoGrid.Builder<Point> builder = GeoGrid.builder(0.01);
        for (int i = 0; i < 5_000; i++) {
            Point p = new Point(i, 31.0 + random.nextDouble() * 0.4, 121.2 + random.nextDouble() * 0.5);
            points.add(p);
            builder.add(p.lat(), p.lng(), p);
        }
        GeoGrid<Point> grid = builder.build();
        assertEquals(5_000, grid.size());
        double[][] boxes = {
            {31.15, 31.25, 121.40, 121.50}, // a 5 km box: walks its cells
            {30.0, 32.0, 120.0, 123.0}, // wider than the city: walks the occupied cells instead
            {31.2001, 31.2002, 121.3001, 121.3002}, // inside one cell
            {40.0, 41.0, 100.0, 101.0} // nothing there
        };
        for (double[] b : boxes) {
            List<Point> seen = new ArrayList<>();
            grid.forEachCandidate(b[0], b[1], b[2], b[3], seen::add);
            List<Point> inside = points.stream()
                    .filter(p -> p.lat() >= b[0] && p.lat() <= b[1] && p.lng() >= b[2] && p.lng() <= b[3])
                    .toList();
            assertTrue(seen.containsAll(inside), "every point of the box is a candidate");
            assertEquals(seen.size(), seen.stream().distinct().count(), "each candidate once");
            // candidates lie in the cells the box overlaps: at most one cell beyond each edge
            seen.forEach(p -> assertTrue(p.lat() >= b[0] - 0.01
                    && p.lat() <= b[1] + 0.01
                    && p.lng() >= b[2] - 0.01
                    && p.lng() <= b[3] + 0.01));
        }
    }
}
