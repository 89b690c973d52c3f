package dev.zhijia.water;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.org.AdminScope;

@Path("/admin/water/prize-pools")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminPrizePoolResource {

    private final PrizePools pools;
    private final Caller caller;
    private final AdminScope scope;

    AdminPrizePoolResource(PrizePools pools, Caller caller, AdminScope scope) {
        this.scope = scope;
        this.pools = pools;
        this.caller = caller;
    }

    @POST
    public Response create(@Valid @NotNull PrizePools.PoolRequest request) {
        return Response.status(201)
                .entity(pools.create(scope.get(), request, caller.staffId()))
                .build();
    }

    @GET
    public List<PrizePools.Pool> list() {
        return pools.list(scope.get());
    }
}
