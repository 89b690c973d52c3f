package dev.zhijia.campaign;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Idempotency;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import dev.zhijia.org.AdminScope;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/admin/campaigns")
@RolesAllowed(Caller.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AdminCampaignResource {

    private final Campaigns campaigns;
    private final CampaignReads reads;
    private final Votes votes;
    private final Idempotency idempotency;
    private final Caller caller;
    private final AdminScope scope;

    AdminCampaignResource(
            Campaigns campaigns,
            CampaignReads reads,
            Votes votes,
            Idempotency idempotency,
            Caller caller,
            AdminScope scope) {
        this.scope = scope;
        this.campaigns = campaigns;
        this.reads = reads;
        this.votes = votes;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    /** A draft; nothing reaches members until it is published. */
    @Operation(summary = "Create a campaign draft (accepts Idempotency-Key)")
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(
            @Valid @NotNull CampaignRequest request, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        long adminId = caller.staffId();
        return idempotency.once(
                "campaign-create:" + adminId,
                idempotencyKey,
                () -> Response.status(201)
                        .entity(campaigns.create(scope.get(), request, adminId))
                        .build());
    }

    @Operation(summary = "List campaigns, newest first (status DRAFT or PUBLISHED)")
    @GET
    public Page<CampaignView> list(@QueryParam("status") Campaign.Status status, @Valid @BeanParam PageParams page) {
        return campaigns.list(scope.get(), status, page.limit, page.before());
    }

    @Operation(summary = "One campaign, as the admin sees it")
    @GET
    @Path("/{id}")
    public CampaignView detail(@PathParam("id") @Positive long id) {
        return campaigns.adminView(scope.get(), id);
    }

    @Operation(summary = "Change a draft (409 CAMPAIGN_ALREADY_PUBLISHED once published)")
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CampaignView update(@PathParam("id") @Positive long id, @Valid @NotNull CampaignRequest request) {
        return campaigns.update(scope.get(), id, request);
    }

    /** Idempotent by itself: publishing a published campaign answers it unchanged and pushes nothing again. */
    @Operation(summary = "Publish once: live event now, inbox fan-out and subscribe messages in the background")
    @POST
    @Path("/{id}/publish")
    public CampaignView publish(@PathParam("id") @Positive long id) {
        return campaigns.publish(scope.get(), id);
    }

    @Operation(summary = "How far a publish has got: inbox fan-out, live push, subscribe-message outcomes")
    @GET
    @Path("/{id}/delivery")
    public CampaignReads.Delivery delivery(@PathParam("id") @Positive long id) {
        return reads.delivery(scope.get(), id);
    }

    @Operation(summary = "Vote results")
    @GET
    @Path("/{id}/results")
    public Votes.Results results(@PathParam("id") @Positive long id) {
        return votes.results(null, scope.get(), id);
    }

    @Operation(summary = "Vote results as UTF-8 CSV with a BOM")
    @GET
    @Path("/{id}/results.csv")
    @Produces("text/csv; charset=UTF-8")
    public Response resultsCsv(@PathParam("id") @Positive long id) {
        return Response.ok(votes.resultsCsv(scope.get(), id))
                .header("Content-Disposition", "attachment; filename=\"vote-" + id + "-results.csv\"")
                .build();
    }
}
