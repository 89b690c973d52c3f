package dev.zhijia.campaign;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Idempotency;
import dev.zhijia.org.AdminScope;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A published campaign as members in its audience (and admins) see and act on it. */
@Path("/campaigns/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    @RegisterForReflection
    public record VoteRequest(
            @NotNull @Size(min = 1, max = 20) List<@NotNull @Positive Long> optionIds) {}

    private final CampaignReads reads;
    private final Campaigns campaigns;
    private final Signups signups;
    private final Votes votes;
    private final Idempotency idempotency;
    private final Caller caller;
    private final AdminScope scope;

    CampaignResource(
            CampaignReads reads,
            Campaigns campaigns,
            Signups signups,
            Votes votes,
            Idempotency idempotency,
            Caller caller,
            AdminScope scope) {
        this.scope = scope;
        this.reads = reads;
        this.campaigns = campaigns;
        this.signups = signups;
        this.votes = votes;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @Operation(summary = "A published campaign for an audience member, with the member's sign-up and vote")
    @GET
    @RolesAllowed({Caller.MEMBER, Caller.ADMIN})
    public CampaignView detail(@PathParam("id") @Positive long id) {
        return caller.isMember() ? reads.forMember(caller.memberId(), id) : campaigns.adminView(scope.get(), id);
    }

    @Operation(summary = "Sign up for an EVENT: confirmed up to capacity, then waitlisted (accepts Idempotency-Key)")
    @POST
    @Path("/signups")
    @RolesAllowed(Caller.MEMBER)
    public Response signUp(@PathParam("id") @Positive long id, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        long memberId = caller.memberId();
        return idempotency.once(
                "signup:" + memberId + ":" + id,
                idempotencyKey,
                () -> Response.status(201).entity(signups.signUp(memberId, id)).build());
    }

    @Operation(summary = "The member's live sign-up")
    @GET
    @Path("/signups/me")
    @RolesAllowed(Caller.MEMBER)
    public Signups.Signup mySignup(@PathParam("id") @Positive long id) {
        return signups.mine(caller.memberId(), id);
    }

    /** Cancels the caller's own sign-up; the first on the waitlist takes a freed seat. */
    @Operation(summary = "Cancel the sign-up until the event starts; a freed seat goes to the first on the waitlist")
    @DELETE
    @Path("/signups")
    @RolesAllowed(Caller.MEMBER)
    public Response cancel(@PathParam("id") @Positive long id) {
        signups.cancel(caller.memberId(), id);
        return Response.noContent().build();
    }

    @Operation(summary = "Cast one ballot in a VOTE (accepts Idempotency-Key)")
    @POST
    @Path("/votes")
    @RolesAllowed(Caller.MEMBER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response vote(
            @PathParam("id") @Positive long id,
            @Valid @NotNull VoteRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        long memberId = caller.memberId();
        return idempotency.once(
                "vote:" + memberId + ":" + id,
                idempotencyKey,
                () -> Response.status(201)
                        .entity(votes.vote(memberId, id, request.optionIds()))
                        .build());
    }

    @Operation(summary = "Vote results for audience members")
    @GET
    @Path("/results")
    @RolesAllowed({Caller.MEMBER, Caller.ADMIN})
    public Votes.Results results(@PathParam("id") @Positive long id) {
        return caller.isMember() ? votes.results(caller.memberId(), null, id) : votes.results(null, scope.get(), id);
    }
}
