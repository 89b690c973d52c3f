package dev.zhijia.job;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.org.AdminScope;
import dev.zhijia.stats.CsvExport;

/** Job figures per category and month ({@code ?from=2026-01&to=2026-12}), as JSON and as CSV. */
@Path("/admin/stats")
@RolesAllowed(Caller.ADMIN)
public class JobFiguresResource {

    private final JobFigures figures;
    private final AdminScope scope;

    JobFiguresResource(JobFigures figures, AdminScope scope) {
        this.figures = figures;
        this.scope = scope;
    }

    @GET
    @Path("/jobs")
    @Produces(MediaType.APPLICATION_JSON)
    public JobFigures.Report jobs(@QueryParam("from") String from, @QueryParam("to") String to) {
        return figures.report(scope.get(), figures.range(from, to));
    }

    @GET
    @Path("/jobs.csv")
    @Produces(CsvExport.TYPE)
    public Response jobsCsv(@QueryParam("from") String from, @QueryParam("to") String to) {
        JobFigures.Report report = figures.report(scope.get(), figures.range(from, to));
        return CsvExport.response("jobs", out -> {
            out.write("month,category,categoryName,posts,views,applications,hires\r\n");
            for (JobFigures.Row r : report.items()) {
                out.write(r.month() + "," + CsvExport.cell(r.category()) + "," + CsvExport.cell(r.categoryName()) + ","
                        + r.posts() + "," + r.views() + "," + r.applications() + "," + r.hires() + "\r\n");
            }
        });
    }
}
