package dev.zhijia.benefit;

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
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;

@Path("/me/claims")
@RolesAllowed(Caller.MEMBER)
@Produces(MediaType.APPLICATION_JSON)
public class MeClaimsResource {

    private final Claims claims;
    private final Caller caller;

    MeClaimsResource(Claims claims, Caller caller) {
        this.claims = claims;
        this.caller = caller;
    }

    @GET
    public Page<Claims.Mine> mine(@Valid @BeanParam PageParams page) {
        return claims.mine(caller.memberId(), page.limit, page.before());
    }

    @DELETE
    @Path("/{claimId}")
    public Response cancel(@PathParam("claimId") @Positive long claimId) {
        claims.cancel(caller.memberId(), claimId);
        return Response.noContent().build();
    }
}
