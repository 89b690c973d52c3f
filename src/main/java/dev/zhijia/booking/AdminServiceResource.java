package dev.zhijia.booking;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;
import dev.zhijia.common.PageParams;
import dev.zhijia.org.AdminScope;
import dev.zhijia.stats.CsvExport;

/** Admins set up services and slots, see who booked each slot, and the figures (JSON and CSV): each of their own org's subtree. */
@Path("/admin/services")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminServiceResource {

    private final Services services;
    private final BookingFigures figures;
    private final Caller caller;
    private final AdminScope scope;

    AdminServiceResource(Services services, BookingFigures figures, Caller caller, AdminScope scope) {
        this.scope = scope;
        this.services = services;
        this.figures = figures;
        this.caller = caller;
    }

    @POST
    public Response create(@Valid @NotNull ServiceRequest request) {
        return Response.status(201)
                .entity(services.create(scope.get(), request, caller.staffId()))
                .build();
    }

    @GET
    public Page<Services.View> list(@Valid @BeanParam PageParams page) {
        return services.list(scope.get(), page.limit, page.before());
    }

    @POST
    @Path("/{id}/slots")
    public Response addSlots(@PathParam("id") @Positive long id, @Valid @NotNull SlotsRequest request) {
        return Response.status(201)
                .entity(services.addSlots(scope.get(), id, request))
                .build();
    }

    @GET
    @Path("/{id}/slots/{slotId}/bookings")
    public BookingFigures.SlotBookings slotBookings(
            @PathParam("id") @Positive long id, @PathParam("slotId") @Positive long slotId) {
        return figures.slot(scope.get(), id, slotId);
    }

    @GET
    @Path("/{id}/figures")
    public BookingFigures.ServiceFigures figures(@PathParam("id") @Positive long id) {
        return figures.of(scope.get(), id);
    }

    @GET
    @Path("/{id}/figures.csv")
    @Produces(CsvExport.TYPE)
    public Response figuresCsv(@PathParam("id") @Positive long id) {
        BookingFigures.ServiceFigures f = figures.of(scope.get(), id);
        List<BookingFigures.SlotFigures> slots = f.slots();
        return CsvExport.response("service-" + id, out -> {
            out.write("serviceId,title,slotId,startsAt,endsAt,capacity,booked,verified,noShows,cancellations\r\n");
            for (BookingFigures.SlotFigures s : slots) {
                out.write(f.serviceId() + "," + CsvExport.cell(f.title()) + "," + s.slotId() + "," + s.startsAt() + ","
                        + s.endsAt() + "," + s.capacity() + "," + s.booked() + "," + s.verified() + "," + s.noShows()
                        + "," + s.cancellations() + "\r\n");
            }
        });
    }
}
