package dev.zhijia.helpdesk;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;

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
import dev.zhijia.stats.Figures;

/** Case figures per category over {@code ?from=&to=} service-zone days, as JSON and as CSV. */
@Path("/admin/stats")
@RolesAllowed(Caller.ADMIN)
public class HelpdeskFiguresResource {

    private final HelpdeskFigures figures;
    private final Figures ranges;
    private final AdminScope scope;

    HelpdeskFiguresResource(HelpdeskFigures figures, Figures ranges, AdminScope scope) {
        this.figures = figures;
        this.ranges = ranges;
        this.scope = scope;
    }

    @GET
    @Path("/cases")
    @Produces(MediaType.APPLICATION_JSON)
    public HelpdeskFigures.Report cases(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        return figures.report(scope.get(), ranges.range(from, to));
    }

    @GET
    @Path("/cases.csv")
    @Produces(CsvExport.TYPE)
    public Response casesCsv(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        HelpdeskFigures.Report report = figures.report(scope.get(), ranges.range(from, to));
        return CsvExport.response("cases", out -> {
            out.write("category,categoryName,opened,resolved,overdue,medianMinutesToAccept,medianMinutesToResolve,"
                    + "ratings,avgRating\r\n");
            for (HelpdeskFigures.Row r : report.items()) {
                row(out, r.category(), r);
            }
            row(out, "TOTAL", report.total());
        });
    }

    private static void row(Writer out, String category, HelpdeskFigures.Row r) throws IOException {
        out.write(CsvExport.cell(category) + "," + CsvExport.cell(r.categoryLabel()) + "," + r.opened() + ","
                + r.resolved() + "," + r.overdue() + "," + blank(r.medianMinutesToAccept()) + ","
                + blank(r.medianMinutesToResolve()) + "," + r.ratings() + "," + blank(r.avgRating()) + "\r\n");
    }

    private static String blank(Object value) {
        return value == null ? "" : value.toString();
    }
}
