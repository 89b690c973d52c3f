package dev.zhijia.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * The prod profile refuses to start with what the repository ships for development: the dev JWT
 * keys, the dev admin password, the dev check-in secret, or mock logins (unless explicitly allowed
 * for staging), nor with forwarded client addresses trusted from any peer. Each refusal names the environment variable to set.
 */
@Singleton
public class ProductionGuard {

    private static final Logger LOG = Logger.getLogger(ProductionGuard.class);
    static final String DEV_ADMIN_PASSWORD = "admin-dev-only";
    static final String DEV_CHECKIN_SECRET = "dev-checkin-secret-change-me";

    // Runs before any other start-up work (the bootstrap admin must not be created with the dev password).
    void onStart(@Observes @Priority(1) StartupEvent event, Config config) {
        if (!ConfigUtils.isProfileActive("prod")) {
            return;
        }
        List<String> refusals = refusals(config);
        if (!refusals.isEmpty()) {
            throw new IllegalStateException("Refusing to start in the prod profile:\n  - " + String.join("\n  - ", refusals));
        }
        if ("mock".equalsIgnoreCase(config.getValue("zhijia.wechat.mode", String.class))) {
            LOG.warn("ZHIJIA_WECHAT_ALLOW_MOCK=true: anyone can log in as any member with a mock-<id> code. Staging only!");
        }
    }

    static List<String> refusals(Config config) {
        List<String> out = new ArrayList<>();
        String signKey = config.getOptionalValue("smallrye.jwt.sign.key.location", String.class).orElse("");
        if (isDevKey(signKey, "keys/dev-private.pem")) {
            out.add("the JWT signing key is the repository's dev key: set SMALLRYE_JWT_SIGN_KEY_LOCATION to your private key file");
        }
        String verifyKey = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).orElse("");
        if (isDevKey(verifyKey, "keys/dev-public.pem")) {
            out.add("the JWT verification key is the repository's dev key: set MP_JWT_VERIFY_PUBLICKEY_LOCATION to your public key file");
        }
        String admin = config.getOptionalValue("zhijia.bootstrap.admin.password", String.class).orElse("");
        if (admin.equals(DEV_ADMIN_PASSWORD) || admin.length() < 12) {
            out.add("the bootstrap admin password is the dev one or shorter than 12 characters: set ZHIJIA_BOOTSTRAP_ADMIN_PASSWORD");
        }
        String checkin = config.getOptionalValue("zhijia.checkin.secret", String.class).orElse("");
        if (checkin.equals(DEV_CHECKIN_SECRET) || checkin.length() < 32) {
            out.add("the check-in secret is the dev one or shorter than 32 characters: set ZHIJIA_CHECKIN_SECRET");
        }
        String mode = config.getOptionalValue("zhijia.wechat.mode", String.class).orElse("real");
        boolean allowMock = config.getOptionalValue("zhijia.wechat.allow-mock", Boolean.class).orElse(false);
        if ("mock".equalsIgnoreCase(mode) && !allowMock) {
            out.add("mock WeChat logins are on: set ZHIJIA_WECHAT_MODE=real (or ZHIJIA_WECHAT_ALLOW_MOCK=true on staging only)");
        }
        if ("real".equalsIgnoreCase(mode) && (config.getOptionalValue("zhijia.wechat.appid", String.class).isEmpty()
                || config.getOptionalValue("zhijia.wechat.secret", String.class).isEmpty())) {
            out.add("real WeChat logins need the mini-program's credentials: set ZHIJIA_WECHAT_APPID and ZHIJIA_WECHAT_SECRET");
        }
        boolean forwarding = config.getOptionalValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class).orElse(false);
        if (forwarding && config.getOptionalValue("quarkus.http.proxy.trusted-proxies", String.class).filter(v -> !v.isBlank()).isEmpty()) {
            out.add("client addresses are taken from X-Forwarded-For but no proxy is listed, so every peer would be trusted: "
                    + "set QUARKUS_HTTP_PROXY_TRUSTED_PROXIES to the ingress controller's CIDR");
        }
        return out;
    }

    /** The dev key by name, or any file whose bytes are the dev key's (a copy is no safer). */
    private static boolean isDevKey(String location, String devResource) {
        if (location.isEmpty() || location.equals(devResource) || location.equals("classpath:" + devResource)) {
            return true;
        }
        try (InputStream dev = ProductionGuard.class.getClassLoader().getResourceAsStream(devResource)) {
            Path file = Path.of(location.startsWith("file:") ? location.substring(5) : location);
            return dev != null && Files.isRegularFile(file) && Arrays.equals(dev.readAllBytes(), Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
