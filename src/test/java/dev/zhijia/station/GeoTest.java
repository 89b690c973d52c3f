package dev.zhijia.station;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Distances, walking minutes and the GCJ-02 shift, without a server. */
class GeoTest {

    @Test
    void oneDegreeOfLatitudeIsAboutOneHundredAndElevenKilometres() {
        assertEquals(111_195, Geo.distanceMeters(30, 121, 31, 121), 1);
        assertEquals(0, Geo.distanceMeters(31.2304, 121.4737, 31.2304, 121.4737), 1e-9);
    }

    @Test
    void distanceIsSymmetricAndMatchesAKnownCityPair() {
        // Tian'anmen, Beijing to People's Square, Shanghai: about 1,067 km as the crow flies
        double there = Geo.distanceMeters(39.9087, 116.3975, 31.2304, 121.4737);
        double back = Geo.distanceMeters(31.2304, 121.4737, 39.9087, 116.3975);
        assertEquals(there, back, 1e-6);
        assertEquals(1_067_000, there, 5_000);
    }

    @Test
    void walkingMinutesRoundUpFromTheMetresShown() {
        assertEquals(0, Geo.walkMinutes(0));
        assertEquals(1, Geo.walkMinutes(1));
        assertEquals(10, Geo.walkMinutes(800));
        assertEquals(11, Geo.walkMinutes(801));
    }

    @Test
    void gcj02ShiftsMainlandPointsByAFewHundredMetresAndLeavesOthersAlone() {
        double[] beijing = Geo.wgs84ToGcj02(39.9087, 116.3975);
        assertTrue(
                beijing[0] > 39.9087 && beijing[1] > 116.3975, "shifted north-east: " + beijing[0] + "," + beijing[1]);
        double shift = Geo.distanceMeters(39.9087, 116.3975, beijing[0], beijing[1]);
        assertTrue(shift > 100 && shift < 700, "shift " + shift + " m");

        assertArrayEquals(new double[] {35.6812, 139.7671}, Geo.wgs84ToGcj02(35.6812, 139.7671)); // Tokyo
        assertArrayEquals(new double[] {-33.8688, 151.2093}, Geo.wgs84ToGcj02(-33.8688, 151.2093)); // Sydney
    }
}
