package dev.zhijia.door;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;

/** A member at a station door: scan its QR, and the door opens. */
@Path("/doors")
@RolesAllowed(Caller.MEMBER)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DoorResource {

    private final DoorEntries entries;
    private final Caller caller;

    DoorResource(DoorEntries entries, Caller caller) {
        this.entries = entries;
        this.caller = caller;
    }

    @POST
    @Path("/{doorId}/entries")
    public Response enter(@PathParam("doorId") @Positive long doorId, @Valid @NotNull EntryRequest request) {
        return Response.status(201)
                .entity(entries.enter(caller.memberId(), doorId, request.qr()))
                .build();
    }
}
