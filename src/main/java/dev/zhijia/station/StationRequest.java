package dev.zhijia.station;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An admin's create/replace of a station. Coordinates are GCJ-02 unless {@code datum} says WGS84. */
@RegisterForReflection
public record StationRequest(
        @NotBlank @Size(max = 100) String name,
        @NotNull StationType type,
        @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double lng,
        Datum datum,
        @Size(max = 200) String address,
        @Size(max = 14) List<@NotNull ServiceTag> services,
        @NotNull @Valid Hours hours,
        @Min(0) @Max(1_000_000) Integer waterStock,

        @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1-32 letters, digits, '_' or '-'") String orgId) {

    @RegisterForReflection
    public enum Datum {
        GCJ02,
        WGS84
    }

    /** Either {@code {"open24h": true}} or {@code {"opens": "07:00", "closes": "21:00"}}. */
    @RegisterForReflection
    public record Hours(
            Boolean open24h,
            @Size(max = 5) String opens,
            @Size(max = 5) String closes) {}
}
