package dev.zhijia.contest;

import java.io.InputStream;
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
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Admins run contests of their subtree: create them, fill the bank by CSV before the opening, read the results. */
@Path("/admin/contests")
@RolesAllowed(Caller.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminContestResource {

    /** A bank question with its answer, for the admin. */
    @RegisterForReflection
    public record BankQuestion(long questionId, String text, List<String> options, List<Integer> answer, int points) {}

    private final Contests contests;
    private final QuestionBank bank;
    private final ContestFigures figures;
    private final Caller caller;
    private final AdminScope scope;

    AdminContestResource(
            Contests contests, QuestionBank bank, ContestFigures figures, Caller caller, AdminScope scope) {
        this.contests = contests;
        this.bank = bank;
        this.figures = figures;
        this.caller = caller;
        this.scope = scope;
    }

    @POST
    public Response create(@Valid @NotNull ContestRequest request) {
        return Response.status(201)
                .entity(contests.create(scope.get(), request, caller.staffId()))
                .build();
    }

    @GET
    public Page<ContestView> list(@Valid @BeanParam PageParams page) {
        return contests.adminList(scope.get(), page.limit, page.before());
    }

    @GET
    @Path("/{id}")
    public ContestView detail(@PathParam("id") @Positive long id) {
        return contests.adminDetail(scope.get(), id);
    }

    @GET
    @Path("/{id}/questions")
    public List<BankQuestion> questions(@PathParam("id") @Positive long id) {
        return bank.forAdmin(scope.get(), id).stream()
                .map(q -> new BankQuestion(q.id(), q.text(), q.options(), q.answer(), q.points()))
                .toList();
    }

    /**
     * CSV {@code text,options,answer,points} (options separated by {@code |}, answer as letters such as {@code AC}),
     * added to the bank until the contest opens; one bad line refuses the file.
     */
    @POST
    @Path("/{id}/questions")
    @Consumes({"text/csv", "text/plain", "application/csv"})
    public ContestView addQuestions(@PathParam("id") @Positive long id, InputStream csv) {
        return contests.addQuestions(scope.get(), id, csv);
    }

    @GET
    @Path("/{id}/results")
    public ContestFigures.Results results(@PathParam("id") @Positive long id) {
        return figures.results(scope.get(), id);
    }

    /** Each question's correct rate, then the score distribution. */
    @GET
    @Path("/{id}/results.csv")
    @Produces(CsvExport.TYPE)
    public Response resultsCsv(@PathParam("id") @Positive long id) {
        ContestFigures.Results r = figures.results(scope.get(), id);
        return CsvExport.response("contest-" + id, out -> {
            out.write("questionId,text,multiple,answered,correct,correctRate\r\n");
            for (ContestFigures.QuestionFigure q : r.questions()) {
                out.write(q.questionId() + "," + CsvExport.cell(q.text()) + "," + q.multiple() + "," + q.answered()
                        + "," + q.correct() + "," + (q.correctRate() == null ? "" : q.correctRate()) + "\r\n");
            }
            out.write("\r\nscore,members\r\n");
            for (ContestFigures.Bucket b : r.distribution()) {
                out.write(b.score() + "," + b.members() + "\r\n");
            }
            out.write("\r\nparticipants,attempts,scoredAttempts,averageBestScore\r\n");
            out.write(r.participants() + "," + r.attempts() + "," + r.scoredAttempts() + ","
                    + (r.averageBestScore() == null ? "" : r.averageBestScore()) + "\r\n");
        });
    }
}
