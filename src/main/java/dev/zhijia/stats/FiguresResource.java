package dev.zhijia.stats;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import dev.zhijia.common.Caller;

/** Admin figures as JSON, and the same as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese). */
@Path("/admin/stats")
@RolesAllowed(Caller.ADMIN)
public class FiguresResource {

    public static final String CSV = "text/csv; charset=UTF-8";

    private final Figures figures;
    private final RollupDerivation derivation;

    FiguresResource(Figures figures, RollupDerivation derivation) {
        this.figures = figures;
        this.derivation = derivation;
    }

    /**
     * Re-derives the daily rollups of a range from the source rows (after rows were loaded straight into
     * MySQL, or to check the live increments). Each day in its own transaction; safe beside live traffic.
     */
    @POST
    @Path("/rollups/rebuild")
    @Produces(MediaType.APPLICATION_JSON)
    public RollupDerivation.Derived rebuild(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        Figures.Range r = figures.range(from, to);
        return derivation.derive(r.from(), r.to());
    }

    @GET
    @Path("/overview")
    @Produces(MediaType.APPLICATION_JSON)
    public Figures.Overview overview(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        return figures.overview(figures.range(from, to));
    }

    @GET
    @Path("/stations")
    @Produces(MediaType.APPLICATION_JSON)
    public StationList stations(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        Figures.Range r = figures.range(from, to);
        return new StationList(r.from(), r.to(), figures.stations(r));
    }

    public record StationList(LocalDate from, LocalDate to, List<Figures.StationFigures> items) {
    }

    @GET
    @Path("/benefits/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Figures.BenefitFigures benefit(@PathParam("id") @Positive long id) {
        return figures.benefit(id);
    }

    @GET
    @Path("/campaigns/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Figures.CampaignFigures campaign(@PathParam("id") @Positive long id) {
        return figures.campaign(id);
    }

    @GET
    @Path("/overview.csv")
    @Produces(CSV)
    public Response overviewCsv(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        Figures.Overview o = figures.overview(figures.range(from, to));
        return csv("overview", out -> {
            out.write("from,to,members,verifiedMembers,peopleServed,waterPickups,claims,redemptions,reviews,avgRating\r\n");
            out.write(String.join(",", o.from().toString(), o.to().toString(), Long.toString(o.members()), Long.toString(o.verifiedMembers()),
                    Long.toString(o.peopleServed()), Long.toString(o.waterPickups()), Long.toString(o.claims()), Long.toString(o.redemptions()),
                    Long.toString(o.reviews()), o.avgRating() == null ? "" : o.avgRating().toString()) + "\r\n");
        });
    }

    @GET
    @Path("/stations.csv")
    @Produces(CSV)
    public Response stationsCsv(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        List<Figures.StationFigures> rows = figures.stations(figures.range(from, to));
        return csv("stations", out -> {
            out.write("stationId,name,type,pickups,redemptions,reviews,rating,ratingCount,waterStock\r\n");
            for (Figures.StationFigures s : rows) {
                out.write(s.stationId() + "," + quote(s.name()) + "," + s.type() + "," + s.pickups() + "," + s.redemptions() + "," + s.reviews()
                        + "," + (s.rating() == null ? "" : s.rating()) + "," + s.ratingCount() + "," + s.waterStock() + "\r\n");
            }
        });
    }

    public interface Rows {
        void write(Writer out) throws java.io.IOException;
    }

    /** A CSV download (UTF-8 with BOM) named {@code zhijia-<name>.csv}: every CSV of the service is made here. */
    public static Response csv(String name, Rows rows) {
        StreamingOutput body = stream -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            out.write('\uFEFF');
            rows.write(out);
            out.flush();
        };
        return Response.ok(body, CSV).header("Content-Disposition", "attachment; filename=\"zhijia-" + name + ".csv\"").build();
    }

    /** RFC 4180 quoting; a leading =,+,-,@ is neutralised so a station name cannot become a spreadsheet formula. */
    public static String quote(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
