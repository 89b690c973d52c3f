package dev.zhijia.station;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
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
import io.quarkus.runtime.annotations.RegisterForReflection;

/** 一秒点评: verified members review a station once a day; anyone reads the reviews. */
@Path("/stations/{id}/reviews")
@Produces(MediaType.APPLICATION_JSON)
public class StationReviewResource {

    /** Tags are stored {@code ;}-joined, so a tag cannot contain one. */
    @RegisterForReflection
    public record ReviewRequest(
            @NotNull @Min(1) @Max(5) Integer score,

            @Size(max = 5) List<
                            @NotBlank @Size(max = 16) @Pattern(regexp = "[^;\\p{Cntrl}]*", message = "must not contain ';' or control characters") String>
                    tags,

            @Size(max = 200) String comment) {}

    private final StationReviews reviews;
    private final Caller caller;

    StationReviewResource(StationReviews reviews, Caller caller) {
        this.reviews = reviews;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.MEMBER)
    public Response post(@PathParam("id") @Positive long id, @Valid @NotNull ReviewRequest request) {
        return Response.status(201)
                .entity(reviews.post(id, caller.memberId(), request.score(), request.tags(), request.comment()))
                .build();
    }

    /** Newest first, reviewers masked ({@code 张*}). */
    @GET
    public Page<StationReviews.Item> list(@PathParam("id") @Positive long id, @Valid @BeanParam PageParams page) {
        return reviews.list(id, page.limit, page.before());
    }
}
