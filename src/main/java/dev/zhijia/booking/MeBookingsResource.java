package dev.zhijia.booking;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;

@Path("/me/bookings")
@RolesAllowed(Caller.MEMBER)
@Produces(MediaType.APPLICATION_JSON)
public class MeBookingsResource {

    private final Bookings bookings;
    private final Caller caller;

    MeBookingsResource(Bookings bookings, Caller caller) {
        this.bookings = bookings;
        this.caller = caller;
    }

    @GET
    public Page<Bookings.Mine> mine(@Valid @BeanParam PageParams page) {
        return bookings.mine(caller.memberId(), page.limit, page.before());
    }

    /** Moves the booking to another slot of the same service; a full slot keeps the old seat (409 SLOT_FULL). */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Bookings.Booked move(
            @PathParam("id") @Positive long id, @Valid @NotNull ServiceResource.BookingRequest request) {
        return bookings.move(caller.memberId(), id, request.slotId());
    }

    @DELETE
    @Path("/{id}")
    public Response cancel(@PathParam("id") @Positive long id) {
        bookings.cancel(caller.memberId(), id);
        return Response.noContent().build();
    }
}
