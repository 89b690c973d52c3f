package dev.zhijia.benefit;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.zhijia.common.Caller;

/** {@code GET /me/entries}: the caller's lottery entries (at most 100, newest first) and their results. */
@Path("/me/entries")
@RolesAllowed(Caller.MEMBER)
@Produces(MediaType.APPLICATION_JSON)
public class MeEntriesResource {

    private final Lottery lottery;
    private final Caller caller;

    MeEntriesResource(Lottery lottery, Caller caller) {
        this.lottery = lottery;
        this.caller = caller;
    }

    @GET
    public List<Lottery.MyEntry> entries() {
        return lottery.entriesOf(caller.memberId());
    }
}
