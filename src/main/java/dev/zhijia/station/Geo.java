package dev.zhijia.station;

/** Great-circle distances and the WGS-84 → GCJ-02 datum shift used by maps in China. */
public final class Geo {

    /** Mean Earth radius (IUGG), metres. */
    static final double EARTH_RADIUS = 6_371_008.8;
    /** Walking speed for walkMinutes (API.md). */
    static final double WALK_METRES_PER_MINUTE = 80;

    private Geo() {}

    public static double distanceMeters(double lat1, double lng1, double lat2, double lng2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lng2 - lng1);
        double a =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** A latitude/longitude box that holds every point within {@code radius} metres of the centre (for an index range). */
    public record Box(double minLat, double maxLat, double minLng, double maxLng) {}

    public static Box box(double lat, double lng, double radius) {
        double dLat = Math.toDegrees(radius / EARTH_RADIUS);
        double cos = Math.cos(Math.toRadians(Math.min(89.9, Math.abs(lat) + dLat)));
        double dLng = Math.min(180, Math.toDegrees(radius / (EARTH_RADIUS * cos)));
        return new Box(lat - dLat, lat + dLat, lng - dLng, lng + dLng);
    }

    /** From the whole metres a member is shown, so "800 m" always reads "10 min". */
    public static int walkMinutes(int shownMeters) {
        return (int) Math.ceil(shownMeters / WALK_METRES_PER_MINUTE);
    }

    // Krasovsky 1940 ellipsoid, as the GCJ-02 transform defines it.
    private static final double A = 6378245.0;
    private static final double EE = 0.00669342162296594323;

    /** The published GCJ-02 obfuscation; outside mainland China coordinates are unchanged. */
    public static double[] wgs84ToGcj02(double lat, double lng) {
        if (outsideChina(lat, lng)) {
            return new double[] {lat, lng};
        }
        double dLat = transformLat(lng - 105.0, lat - 35.0);
        double dLng = transformLng(lng - 105.0, lat - 35.0);
        double radLat = Math.toRadians(lat);
        double magic = 1 - EE * Math.sin(radLat) * Math.sin(radLat);
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
        dLng = (dLng * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new double[] {lat + dLat, lng + dLng};
    }

    static boolean outsideChina(double lat, double lng) {
        return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
    }

    private static double transformLat(double x, double y) {
        double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return r;
    }

    private static double transformLng(double x, double y) {
        double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return r;
    }
}
