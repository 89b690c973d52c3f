package dev.zhijia.helpdesk;

import java.io.InputStream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.zhijia.common.Caller;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Uploads for cases and messages: the raw file as the body. The Content-Type only has to be one of the accepted
 * kinds; what the file is gets decided by its bytes ({@link AttachmentCheck}).
 */
@Path("/me/attachments")
@Consumes({AttachmentCheck.JPEG, AttachmentCheck.PNG, AttachmentCheck.PDF, MediaType.APPLICATION_OCTET_STREAM})
@Produces(MediaType.APPLICATION_JSON)
public class AttachmentResource {

    /** The same upload for a caseworker's messages; its own class, since {@code /me/...} belongs to members. */
    @Path("/caseworker/attachments")
    @Consumes({AttachmentCheck.JPEG, AttachmentCheck.PNG, AttachmentCheck.PDF, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    public static class Caseworker {

        private final Attachments attachments;
        private final CaseViewer viewer;

        Caseworker(Attachments attachments, CaseViewer viewer) {
            this.attachments = attachments;
            this.viewer = viewer;
        }

        @POST
        @RolesAllowed(Caller.CASEWORKER)
        @Operation(summary = "A caseworker's upload for a message (the same checks)")
        public Response upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
            return created(attachments, viewer, body, length);
        }
    }

    private final Attachments attachments;
    private final CaseViewer viewer;

    AttachmentResource(Attachments attachments, CaseViewer viewer) {
        this.attachments = attachments;
        this.viewer = viewer;
    }

    @POST
    @RolesAllowed(Caller.MEMBER)
    @Operation(summary = "Upload a JPEG, PNG or PDF (≤ 5 MB, checked by content) to attach to a case or message")
    public Response upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
        return created(attachments, viewer, body, length);
    }

    private static Response created(Attachments attachments, CaseViewer viewer, InputStream body, Long length) {
        Attachments.Uploaded up = attachments.upload(viewer.get().subject(), body, length == null ? -1 : length);
        return Response.status(201).entity(up).build();
    }
}
