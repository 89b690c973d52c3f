package dev.zhijia.job;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;
import dev.zhijia.org.AdminScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The admin pipeline: VIEWED → INTERVIEW → HIRED / REJECTED; the member is told each step. */
@Path("/admin/applications")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminApplicationResource {

    @RegisterForReflection
    public record StatusRequest(
            @NotNull ApplicationStatus status,
            @Size(max = 200) String note) {}

    private final JobApplications applications;
    private final AdminScope scope;

    AdminApplicationResource(JobApplications applications, AdminScope scope) {
        this.applications = applications;
        this.scope = scope;
    }

    @POST
    @Path("/{id}/status")
    public JobApplications.Applicant move(@PathParam("id") @Positive long id, @Valid @NotNull StatusRequest request) {
        return applications.transition(scope.get(), id, request.status(), request.note());
    }
}
