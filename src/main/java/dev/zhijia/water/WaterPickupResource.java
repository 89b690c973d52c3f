package dev.zhijia.water;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;

@Path("/water/pickups")
@RolesAllowed(Caller.MEMBER)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WaterPickupResource {

    @RegisterForReflection
    public record PickupRequest(
            @NotNull @Positive Long stationId,
            @NotBlank @Size(max = 128) String checkinToken) {}

    private final Pickups pickups;
    private final Caller caller;

    WaterPickupResource(Pickups pickups, Caller caller) {
        this.pickups = pickups;
        this.caller = caller;
    }

    @POST
    public Response pickup(@Valid @NotNull PickupRequest request) {
        return Response.status(201)
                .entity(pickups.issue(caller.memberId(), request.stationId(), request.checkinToken()))
                .build();
    }
}
