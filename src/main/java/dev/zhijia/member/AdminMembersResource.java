package dev.zhijia.member;

import java.io.InputStream;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import dev.zhijia.org.AdminScope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The roster and join applications, for admins. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/admin")
@RolesAllowed(Caller.ADMIN)
public class AdminMembersResource {

    @RegisterForReflection
    public record ApproveRequest(
            @Pattern(regexp = "[A-Za-z0-9-]{4,32}", message = "must be 4-32 letters, digits or '-'") String cardNo,

            @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1-32 letters, digits, '_' or '-'") String orgId,

            @Size(max = 10) List<
                            @NotNull @Pattern(
                                    regexp = "[a-z0-9-]{1,32}",
                                    message = "must be 1-32 lowercase letters, digits or '-'")
                            String>
                    tags) {}

    @RegisterForReflection
    public record RejectRequest(@Size(max = 200) String reason) {}

    private final RosterImporter importer;
    private final JoinApplications applications;
    private final Caller caller;
    private final AdminScope scope;

    AdminMembersResource(RosterImporter importer, JoinApplications applications, Caller caller, AdminScope scope) {
        this.scope = scope;
        this.importer = importer;
        this.applications = applications;
        this.caller = caller;
    }

    @POST
    @Path("/roster")
    @Consumes({"text/csv", "text/plain", "application/csv"})
    public RosterImporter.Result importRoster(InputStream csv) {
        return importer.importCsv(scope.get(), csv);
    }

    // A String, not the enum: JAX-RS answers a query parameter it cannot convert with 404, the API promises 400.
    @GET
    @Path("/join-applications")
    public Page<JoinApplications.View> applications(
            @QueryParam("status")
                    @Pattern(
                            regexp = "PENDING|APPROVED|REJECTED",
                            message = "must be one of [PENDING, APPROVED, REJECTED]")
                    String status,
            @Valid @BeanParam PageParams page) {
        return applications.list(
                scope.get(), status == null ? null : JoinApplication.Status.valueOf(status), page.limit, page.before());
    }

    // The body is optional: without @Consumes a POST with no body and no Content-Type is refused with 415.
    @POST
    @Path("/join-applications/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    public JoinApplications.View approve(@PathParam("id") @Positive long id, @Valid ApproveRequest request) {
        ApproveRequest r = request == null ? new ApproveRequest(null, null, null) : request;
        return applications.approve(
                scope.get(), id, caller.staffId(), new JoinApplications.Approval(r.cardNo(), r.orgId(), r.tags()));
    }

    @POST
    @Path("/join-applications/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    public JoinApplications.View reject(@PathParam("id") @Positive long id, @Valid RejectRequest request) {
        return applications.reject(scope.get(), id, caller.staffId(), request == null ? null : request.reason());
    }
}
