package dev.zhijia.job;

import java.time.OffsetDateTime;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A job post as shown in lists and the detail. {@code distanceMeters} only when the search had a position;
 * {@code open} says whether it still takes applications.
 */
@RegisterForReflection
public record JobView(
        long id,
        String title,
        String employer,
        String category,
        String categoryName,
        String district,
        String districtName,
        String address,
        double lat,
        double lng,
        int salaryMin,
        int salaryMax,
        String description,
        List<String> tags,
        int headcount,
        int hired,
        int applications,
        long views,
        OffsetDateTime closesAt,
        String status,
        boolean open,
        String orgId,
        Integer distanceMeters) {

    /** OPEN (taking applications), FILLED (every seat taken), CLOSED (past closesAt), DELETED. */
    static String status(String stored, boolean pastClose) {
        return JobPost.OPEN.equals(stored) && pastClose ? "CLOSED" : stored;
    }

    JobView withViews(long total) {
        return copy(total, distanceMeters);
    }

    JobView withDistance(int meters) {
        return copy(views, meters);
    }

    /** This view with the two figures a search adds after reading the row. */
    private JobView copy(long views, Integer distanceMeters) {
        return new JobView(
                id,
                title,
                employer,
                category,
                categoryName,
                district,
                districtName,
                address,
                lat,
                lng,
                salaryMin,
                salaryMax,
                description,
                tags,
                headcount,
                hired,
                applications,
                views,
                closesAt,
                status,
                open,
                orgId,
                distanceMeters);
    }

    /** A category or district: {@code code} is what filters and posts use, {@code name} what members read. */
    @RegisterForReflection
    public record Label(String code, String name) {}
}
