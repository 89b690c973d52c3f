package dev.zhijia.contest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Page;

/** 竞赛 for members of a contest's audience: the contests, timed attempts, the live leaderboard and the prizes. */
@Path("/contests")
@RolesAllowed(Caller.MEMBER)
@Produces(MediaType.APPLICATION_JSON)
public class ContestResource {

    private final Contests contests;
    private final Attempts attempts;
    private final Leaderboard leaderboard;
    private final Prizes prizes;
    private final Caller caller;

    ContestResource(Contests contests, Attempts attempts, Leaderboard leaderboard, Prizes prizes, Caller caller) {
        this.contests = contests;
        this.attempts = attempts;
        this.leaderboard = leaderboard;
        this.prizes = prizes;
        this.caller = caller;
    }

    /** Contests of the member's audience: coming, open, and closed in the last 30 days. */
    @GET
    public List<ContestView> list() {
        return contests.forMember(caller.memberId());
    }

    @GET
    @Path("/{id}")
    public ContestView detail(@PathParam("id") @Positive long id) {
        return contests.forMember(caller.memberId(), id);
    }

    /** 201 with the drawn questions (no answers); 200 with the same attempt while it is still running. */
    @POST
    @Path("/{id}/attempts")
    public Response start(@PathParam("id") @Positive long id) {
        Attempts.Started s = attempts.start(caller.memberId(), id);
        return Response.status(s.resumed() ? 200 : 201).entity(s).build();
    }

    @POST
    @Path("/{id}/attempts/{attemptId}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    public Attempts.Scored answer(
            @PathParam("id") @Positive long id,
            @PathParam("attemptId") @Positive long attemptId,
            @Valid @NotNull Attempts.AnswerRequest request) {
        return attempts.answer(caller.memberId(), id, attemptId, request.answers());
    }

    /** Best attempt per member: higher score first, then less time, then the earlier finish; names masked. */
    @GET
    @Path("/{id}/leaderboard")
    public Leaderboard.Board leaderboard(
            @PathParam("id") @Positive long id,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        contests.requireAudience(caller.memberId(), id);
        return leaderboard.read(id, caller.memberId(), limit);
    }

    /** After the award: the winners per tier (masked) and the member's own prize. */
    @GET
    @Path("/{id}/prizes")
    public Prizes.PrizeList prizes(@PathParam("id") @Positive long id) {
        return prizes.forMember(caller.memberId(), id);
    }
}
