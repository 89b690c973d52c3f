package dev.zhijia.job;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;

/** The member's own applications and where each stands. */
@Path("/me/applications")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Caller.MEMBER)
public class MeApplicationsResource {

    private final JobApplications applications;
    private final Caller caller;

    MeApplicationsResource(JobApplications applications, Caller caller) {
        this.applications = applications;
        this.caller = caller;
    }

    @GET
    public Page<JobApplications.Mine> mine(@Valid @BeanParam PageParams page) {
        return applications.mine(caller.memberId(), page.limit, page.before());
    }

    /** Withdraws it (until a decision); admins then see the name and phone masked. */
    @DELETE
    @Path("/{id}")
    public JobApplications.Mine withdraw(@PathParam("id") @Positive long id) {
        return applications.withdraw(caller.memberId(), id);
    }
}
