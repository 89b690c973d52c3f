package dev.zhijia.common;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Says in /q/openapi what every endpoint does with bad input: the {@code Problem} schema (RFC 9457
 * with a stable {@code code}, and {@code violations} for invalid fields) as every operation's default
 * response, so the document matches API.md without repeating it on each resource method.
 */
public class ProblemResponses implements OASFilter {

    static final String REF = "#/components/responses/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        Schema violation = object().addProperty("field", string()).addProperty("message", string());
        components.addSchema(
                "Problem",
                object().description("application/problem+json; clients branch on code")
                        .addProperty("type", string())
                        .addProperty("title", string())
                        .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                        .addProperty("detail", string())
                        .addProperty("code", string().description("stable, e.g. NOT_VERIFIED"))
                        .addProperty(
                                "violations",
                                OASFactory.createSchema()
                                        .addType(Schema.SchemaType.ARRAY)
                                        .items(violation))
                        .required(List.of("status", "code")));
        components.addResponse(
                "Problem",
                OASFactory.createAPIResponse()
                        .description("A refusal: 4xx (or 503) with a stable code, and nothing changed")
                        .content(OASFactory.createContent()
                                .addMediaType(
                                        Problem.MEDIA_TYPE,
                                        OASFactory.createMediaType()
                                                .schema(OASFactory.createSchema()
                                                        .ref("#/components/schemas/Problem")))));
    }

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (operation.getResponses().getDefaultValue() == null) {
            operation
                    .getResponses()
                    .setDefaultValue(OASFactory.createAPIResponse().ref(REF));
        }
        return operation;
    }

    private static Schema object() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }
}
