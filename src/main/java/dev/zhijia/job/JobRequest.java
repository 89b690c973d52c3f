package dev.zhijia.job;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.zhijia.station.StationRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An admin's create/replace of a job post. Coordinates are GCJ-02 unless {@code datum} says WGS84. Salaries are yuan a month. */
@RegisterForReflection
public record JobRequest(
        @NotBlank @Size(max = 50) String title,
        @NotBlank @Size(max = 100) String employer,
        @NotBlank @Size(max = 32) String category,
        @NotBlank @Size(max = 32) String district,
        @Size(max = 200) String address,
        @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double lng,
        StationRequest.Datum datum,
        @NotNull @Min(0) @Max(1_000_000) Integer salaryMin,
        @NotNull @Min(0) @Max(1_000_000) Integer salaryMax,
        @Size(max = 2000) String description,
        @NotNull @Min(1) @Max(10_000) Integer headcount,
        @NotNull OffsetDateTime closesAt,

        @Size(max = 10) List<
                        @NotBlank @Size(max = 16) @Pattern(regexp = "[^;\\p{Cntrl}]*", message = "must not contain ';' or control characters") String>
                tags,

        @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1-32 letters, digits, '_' or '-'") String orgId) {}
