package dev.zhijia.stats;

import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import dev.zhijia.org.AdminScope;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Admin figures as JSON, and the same as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese). */
@Path("/admin/stats")
@RolesAllowed(Caller.ADMIN)
public class FiguresResource {

    static final String CSV = CsvExport.TYPE;

    private final Figures figures;
    private final DailyFigures daily;
    private final StationMap map;
    private final RollupDerivation derivation;
    private final AdminScope scope;
    private final Orgs orgs;

    FiguresResource(
            Figures figures,
            DailyFigures daily,
            StationMap map,
            RollupDerivation derivation,
            AdminScope scope,
            Orgs orgs) {
        this.figures = figures;
        this.daily = daily;
        this.map = map;
        this.derivation = derivation;
        this.scope = scope;
        this.orgs = orgs;
    }

    /**
     * {@code ?orgId=} narrows the figures to an org of the caller's subtree (default: the caller's own);
     * {@code ?by=org} adds the same figures for each of its direct child orgs.
     */
    public static class OrgParams {
        @QueryParam("orgId")
        @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1-32 letters, digits, '_' or '-'") public String orgId;

        @QueryParam("by")
        @Pattern(regexp = "org", message = "must be org") public String by;

        boolean byOrg() {
            return by != null;
        }
    }

    private Scope scopeOf(OrgParams org) {
        return orgs.within(scope.get(), org.orgId);
    }

    private Figures.Overview overview(OrgParams org, LocalDate from, LocalDate to) {
        Figures.Range r = figures.range(from, to);
        return org.byOrg() ? figures.overviewByChild(scopeOf(org), r) : figures.overview(scopeOf(org), r);
    }

    /**
     * Re-derives the daily rollups of a range from the source rows (after rows were loaded straight into
     * MySQL, or to check the live increments). Each day in its own transaction; safe beside live traffic.
     */
    @POST
    @Path("/rollups/rebuild")
    @Produces(MediaType.APPLICATION_JSON)
    public RollupDerivation.Derived rebuild(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to) {
        scope.get().requireRoot("Rebuilding the city's rollups");
        Figures.Range r = figures.range(from, to);
        return derivation.derive(r.from(), r.to());
    }

    @GET
    @Path("/overview")
    @Produces(MediaType.APPLICATION_JSON)
    public Figures.Overview overview(
            @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to, @Valid @BeanParam OrgParams org) {
        return overview(org, from, to);
    }

    @GET
    @Path("/stations")
    @Produces(MediaType.APPLICATION_JSON)
    public StationList stations(
            @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to, @Valid @BeanParam OrgParams org) {
        Figures.Range r = figures.range(from, to);
        return new StationList(r.from(), r.to(), figures.stations(scopeOf(org), r));
    }

    /** One row per service-zone day of the range (at most 366), zeros included: the trend charts' data. */
    @GET
    @Path("/daily")
    @Produces(MediaType.APPLICATION_JSON)
    public DailyFigures.Daily daily(
            @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to, @Valid @BeanParam OrgParams org) {
        return daily.daily(scopeOf(org), figures.range(from, to));
    }

    @GET
    @Path("/daily.csv")
    @Produces(CSV)
    public Response dailyCsv(
            @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to, @Valid @BeanParam OrgParams org) {
        DailyFigures.Daily d = daily.daily(scopeOf(org), figures.range(from, to));
        return CsvExport.response("daily", out -> DailyFigures.csv(d, out));
    }

    /** Every live station of the subtree with its state and today's use, for the admins' station map. */
    @GET
    @Path("/station-map")
    @Produces(MediaType.APPLICATION_JSON)
    public StationMap.Picture stationMap(@Valid @BeanParam OrgParams org) {
        return map.of(scopeOf(org));
    }

    @RegisterForReflection
    public record StationList(LocalDate from, LocalDate to, List<Figures.StationFigures> items) {}

    @GET
    @Path("/benefits/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Figures.BenefitFigures benefit(@PathParam("id") @Positive long id) {
        return figures.benefit(scope.get(), id);
    }

    @GET
    @Path("/campaigns/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Figures.CampaignFigures campaign(@PathParam("id") @Positive long id) {
        return figures.campaign(scope.get(), id);
    }

    @GET
    @Path("/overview.csv")
    @Produces(CSV)
    public Response overviewCsv(
            @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to, @Valid @BeanParam OrgParams org) {
        Figures.Overview o = overview(org, from, to);
        return CsvExport.response("overview", out -> {
            // broken down: an orgId column first, the subtree's total row, then one row per child org
            String orgColumn = org.byOrg() ? "orgId," : "";
            out.write(
                    orgColumn
                            + "from,to,members,verifiedMembers,peopleServed,waterPickups,claims,redemptions,reviews,avgRating\r\n");
            out.write((org.byOrg() ? CsvExport.cell(o.orgId()) + "," : "") + overviewRow(o));
            for (Figures.ChildOverview child : o.children() == null ? List.<Figures.ChildOverview>of() : o.children()) {
                out.write(CsvExport.cell(child.orgId()) + "," + overviewRow(child.figures()));
            }
        });
    }

    private static String overviewRow(Figures.Overview o) {
        return String.join(
                        ",",
                        o.from().toString(),
                        o.to().toString(),
                        Long.toString(o.members()),
                        Long.toString(o.verifiedMembers()),
                        Long.toString(o.peopleServed()),
                        Long.toString(o.waterPickups()),
                        Long.toString(o.claims()),
                        Long.toString(o.redemptions()),
                        Long.toString(o.reviews()),
                        o.avgRating() == null ? "" : o.avgRating().toString())
                + "\r\n";
    }

    @GET
    @Path("/stations.csv")
    @Produces(CSV)
    public Response stationsCsv(
            @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to, @Valid @BeanParam OrgParams org) {
        List<Figures.StationFigures> rows = figures.stations(scopeOf(org), figures.range(from, to));
        return CsvExport.response("stations", out -> {
            // broken down: each station's org as a last column
            out.write("stationId,name,type,pickups,redemptions,reviews,rating,ratingCount,waterStock,entries,entrants"
                    + (org.byOrg() ? ",orgId" : "") + "\r\n");
            for (Figures.StationFigures s : rows) {
                out.write(s.stationId() + "," + CsvExport.cell(s.name()) + "," + s.type() + "," + s.pickups() + ","
                        + s.redemptions() + "," + s.reviews()
                        + "," + (s.rating() == null ? "" : s.rating()) + "," + s.ratingCount() + "," + s.waterStock()
                        + "," + s.entries() + "," + s.entrants()
                        + (org.byOrg() ? "," + CsvExport.cell(s.orgId()) : "") + "\r\n");
            }
        });
    }
}
