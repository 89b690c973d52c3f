package dev.zhijia.benefit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

@Path("/benefits")
@Produces(MediaType.APPLICATION_JSON)
public class BenefitResource {

    private final Benefits benefits;
    private final Claims claims;
    private final Lottery lottery;
    private final Idempotency idempotency;
    private final Caller caller;

    BenefitResource(Benefits benefits, Claims claims, Lottery lottery, Idempotency idempotency, Caller caller) {
        this.benefits = benefits;
        this.lottery = lottery;
        this.claims = claims;
        this.idempotency = idempotency;
        this.caller = caller;
    }

    @GET
    public Page<Benefits.View> list(
            @QueryParam("status")
                    @Pattern(regexp = "open|upcoming|closed", message = "must be open, upcoming or closed") String status,
            @Valid @BeanParam PageParams page) {
        return benefits.list(status, page.limit, page.before());
    }

    @GET
    @Path("/{id}")
    public Benefits.View detail(@PathParam("id") @Positive long id) {
        return benefits.detail(id);
    }

    @POST
    @Path("/{id}/claims")
    @RolesAllowed(Caller.MEMBER)
    public Uni<Response> claim(
            @PathParam("id") @Positive long id, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        long memberId = caller.memberId();
        if (idempotencyKey != null) {
            return Uni.createFrom()
                    .item(() -> idempotency.once(
                            "claim:" + memberId + ":" + id,
                            idempotencyKey,
                            () -> Response.status(201)
                                    .entity(claims.claim(memberId, id))
                                    .build()))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return claims.claimAsync(memberId, id)
                .map(c -> Response.status(201).entity(c).build());
    }

    /** Enter a LOTTERY benefit while it is open; the entry's ticket number appears in the published draw. */
    @POST
    @Path("/{id}/entries")
    @RolesAllowed(Caller.MEMBER)
    public Response enter(@PathParam("id") @Positive long id, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        long memberId = caller.memberId();
        return idempotency.once(
                "entry:" + memberId + ":" + id,
                idempotencyKey,
                () -> Response.status(201).entity(lottery.enter(memberId, id)).build());
    }

    @GET
    @Path("/{id}/draw")
    public Lottery.Published draw(@PathParam("id") @Positive long id) {
        return lottery.published(id);
    }
}
