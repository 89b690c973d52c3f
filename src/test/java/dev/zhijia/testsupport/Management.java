package dev.zhijia.testsupport;

import java.net.URI;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** Requests to the management port (health, metrics, OpenAPI), which tests start on a free port. */
public final class Management {

    private Management() {}

    public static RequestSpecification given() {
        URI url = URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
        return RestAssured.given()
                .baseUri(url.getScheme() + "://" + url.getHost())
                .port(url.getPort());
    }
}
