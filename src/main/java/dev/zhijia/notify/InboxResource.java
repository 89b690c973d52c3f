package dev.zhijia.notify;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.PageParams;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/me/inbox")
@RolesAllowed(Caller.MEMBER)
@Produces(MediaType.APPLICATION_JSON)
public class InboxResource {

    private final Inbox inbox;
    private final Caller caller;

    InboxResource(Inbox inbox, Caller caller) {
        this.inbox = inbox;
        this.caller = caller;
    }

    @Operation(summary = "The member's inbox, newest first, with the unread count")
    @GET
    public Inbox.Listing list(@Valid @BeanParam PageParams page) {
        return inbox.list(caller.memberId(), page.limit, page.before());
    }

    @Operation(summary = "Mark one inbox message read")
    @POST
    @Path("/{id}/read")
    public Response read(@PathParam("id") @Positive long id) {
        inbox.markRead(caller.memberId(), id);
        return Response.noContent().build();
    }
}
