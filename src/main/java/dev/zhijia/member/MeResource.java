package dev.zhijia.member;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/me")
@RolesAllowed(Caller.MEMBER)
public class MeResource {

    @RegisterForReflection
    public record VerificationRequest(
            @NotBlank @Size(max = 64) String name,
            @NotBlank @Size(max = 32) String cardNo) {}

    @RegisterForReflection
    public record JoinRequest(
            @NotBlank @Size(max = 64) String name,

            @NotBlank @Pattern(regexp = "1\\d{10}", message = "must be an 11-digit mobile number") String phone,

            @NotBlank @Size(max = 100) String employer,
            @NotBlank @Size(max = 64) String occupation) {}

    private final MemberService members;
    private final JoinApplications applications;
    private final Caller caller;

    MeResource(MemberService members, JoinApplications applications, Caller caller) {
        this.members = members;
        this.applications = applications;
        this.caller = caller;
    }

    @GET
    public MemberService.Profile profile() {
        return members.profile(caller.memberId());
    }

    @POST
    @Path("/verification")
    public MemberService.Profile verify(@Valid @NotNull VerificationRequest request) {
        return members.verify(caller.memberId(), request.name(), request.cardNo());
    }

    @POST
    @Path("/join-application")
    public Response apply(@Valid @NotNull JoinRequest request) {
        JoinApplications.Submitted submitted = applications.apply(
                caller.memberId(), request.name(), request.phone(), request.employer(), request.occupation());
        return Response.status(201).entity(submitted).build();
    }
}
