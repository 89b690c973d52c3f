package dev.zhijia.job;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import dev.zhijia.common.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** 岗位直搜 for everyone, and the member's one-tap application. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    @RegisterForReflection
    public record ApplyRequest(@Size(max = 200) String note) {}

    private final JobSearch search;
    private final Jobs jobs;
    private final JobApplications applications;
    private final JobConfig config;
    private final Caller caller;

    JobResource(JobSearch search, Jobs jobs, JobApplications applications, JobConfig config, Caller caller) {
        this.search = search;
        this.jobs = jobs;
        this.applications = applications;
        this.config = config;
        this.caller = caller;
    }

    /** Open posts: newest first, or nearest first with {@code distanceMeters} when lat and lng are given. */
    @GET
    public Page<JobView> search(
            @QueryParam("q") @Size(max = 50) String q,
            @QueryParam("category") @Size(max = 32) String category,
            @QueryParam("district") @Size(max = 32) String district,
            @QueryParam("salaryMin") @Min(0) @Max(1_000_000) Integer salaryMin,
            @QueryParam("lat") @DecimalMin("-90") @DecimalMax("90") Double lat,
            @QueryParam("lng") @DecimalMin("-180") @DecimalMax("180") Double lng,
            @QueryParam("radius") @Min(1) Integer radius,
            @Valid @BeanParam PageParams page) {
        if ((lat == null) != (lng == null)) {
            throw ProblemException.invalid(lat == null ? "lat" : "lng", "lat and lng go together");
        }
        if (radius != null && lat == null) {
            throw ProblemException.invalid("radius", "needs lat and lng");
        }
        if (radius != null && radius > config.maxRadius()) {
            throw ProblemException.invalid("radius", "must be at most " + config.maxRadius());
        }
        return search.search(new JobSearch.Criteria(
                blankToNull(q),
                blankToNull(category),
                blankToNull(district),
                salaryMin,
                lat,
                lng,
                radius == null ? config.defaultRadius() : radius,
                page.limit,
                page.cursor));
    }

    @GET
    @Path("/categories")
    public List<JobView.Label> categories() {
        return jobs.categories();
    }

    @GET
    @Path("/districts")
    public List<JobView.Label> districts() {
        return jobs.districts();
    }

    /** Counts a view. */
    @GET
    @Path("/{id}")
    public JobView detail(@PathParam("id") @Positive long id) {
        return jobs.detail(id);
    }

    // The body is optional (one tap sends none): without @Consumes a POST with no body and no Content-Type is a 415.
    @POST
    @Path("/{id}/applications")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.MEMBER)
    public Response apply(@PathParam("id") @Positive long id, @Valid ApplyRequest request) {
        return Response.status(201)
                .entity(applications.apply(id, caller.memberId(), request == null ? null : request.note()))
                .build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
