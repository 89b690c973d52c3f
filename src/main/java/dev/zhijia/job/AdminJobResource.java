package dev.zhijia.job;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import dev.zhijia.org.AdminScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Admins post jobs for job fairs, keep the category and district lists, and read each post's applicants. */
@Path("/admin/jobs")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminJobResource {

    @RegisterForReflection
    public record LabelRequest(@NotBlank @Size(max = 50) String name, Integer sortOrder) {}

    private static final String CODE = "[a-z0-9-]{1,32}";

    private final Jobs jobs;
    private final JobApplications applications;
    private final Caller caller;
    private final AdminScope scope;

    AdminJobResource(Jobs jobs, JobApplications applications, Caller caller, AdminScope scope) {
        this.jobs = jobs;
        this.applications = applications;
        this.caller = caller;
        this.scope = scope;
    }

    @POST
    public Response create(@Valid @NotNull JobRequest request) {
        return Response.status(201)
                .entity(jobs.create(scope.get(), request, caller.staffId()))
                .build();
    }

    /** Every post but deleted ones, newest first, with its counts. */
    @GET
    public Page<JobView> list(@Valid @BeanParam PageParams page) {
        return jobs.adminList(scope.get(), page.limit, page.before());
    }

    @PUT
    @Path("/{id}")
    public JobView replace(@PathParam("id") @Positive long id, @Valid @NotNull JobRequest request) {
        return jobs.replace(scope.get(), id, request);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") @Positive long id) {
        jobs.delete(scope.get(), id);
        return Response.noContent().build();
    }

    /** The post's applicants (name and phone in full), newest first. */
    @GET
    @Path("/{id}/applications")
    public Page<JobApplications.Applicant> applications(
            @PathParam("id") @Positive long id,
            @QueryParam("status") ApplicationStatus status,
            @Valid @BeanParam PageParams page) {
        return applications.forJob(scope.get(), id, status, page.limit, page.before());
    }

    @PUT
    @Path("/categories/{code}")
    public JobView.Label putCategory(
            @PathParam("code") @Pattern(regexp = CODE) String code, @Valid @NotNull LabelRequest request) {
        return jobs.putCategory(
                scope.get(), code, request.name().strip(), request.sortOrder() == null ? 0 : request.sortOrder());
    }

    @PUT
    @Path("/districts/{code}")
    public JobView.Label putDistrict(
            @PathParam("code") @Pattern(regexp = CODE) String code, @Valid @NotNull LabelRequest request) {
        return jobs.putDistrict(
                scope.get(), code, request.name().strip(), request.sortOrder() == null ? 0 : request.sortOrder());
    }
}
