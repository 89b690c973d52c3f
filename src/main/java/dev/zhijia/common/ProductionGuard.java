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

import dev.zhijia.door.DoorConfig;
import dev.zhijia.door.DoorSecrets;
import dev.zhijia.staff.BootstrapConfig;
import dev.zhijia.station.CheckinConfig;
import dev.zhijia.wechat.WechatConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

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

    /**
     * What the framework's own keys say (Zhijia does not map those): the JWT key files and whether
     * client addresses are taken from X-Forwarded-For, and from which proxies.
     */
    record JwtKeys(String signKeyLocation, String verifyKeyLocation, boolean forwarding, String trustedProxies) {

        static JwtKeys of(Config config) {
            return new JwtKeys(
                    config.getOptionalValue("smallrye.jwt.sign.key.location", String.class)
                            .orElse(""),
                    config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                            .orElse(""),
                    config.getOptionalValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class)
                            .orElse(false),
                    config.getOptionalValue("quarkus.http.proxy.trusted-proxies", String.class)
                            .orElse(""));
        }
    }

    // Runs before any other start-up work (the bootstrap admin must not be created with the dev password).
    void onStart(
            @Observes @Priority(1) StartupEvent event,
            Config config,
            BootstrapConfig admin,
            CheckinConfig checkin,
            WechatConfig wechat,
            DoorConfig doors) {
        if (!ConfigUtils.isProfileActive("prod")) {
            return;
        }
        List<String> refusals = refusals(JwtKeys.of(config), admin, checkin, wechat);
        if (doors.secretKey().strip().equals(DoorSecrets.DEV_KEY)) {
            refusals.add(
                    "the door-secret key is the repository's dev key: set ZHIJIA_DOORS_SECRET_KEY (base64 of 32 random bytes)");
        }
        if (!refusals.isEmpty()) {
            throw new IllegalStateException(
                    "Refusing to start in the prod profile:\n  - " + String.join("\n  - ", refusals));
        }
        if (wechat.mode() == WechatConfig.Mode.MOCK) {
            LOG.warn(
                    "ZHIJIA_WECHAT_ALLOW_MOCK=true: anyone can log in as any member with a mock-<id> code. Staging only!");
        }
    }

    static List<String> refusals(JwtKeys jwt, BootstrapConfig admin, CheckinConfig checkin, WechatConfig wechat) {
        List<String> out = new ArrayList<>();
        if (isDevKey(jwt.signKeyLocation(), "keys/dev-private.pem")) {
            out.add(
                    "the JWT signing key is the repository's dev key: set SMALLRYE_JWT_SIGN_KEY_LOCATION to your private key file");
        }
        if (isDevKey(jwt.verifyKeyLocation(), "keys/dev-public.pem")) {
            out.add(
                    "the JWT verification key is the repository's dev key: set MP_JWT_VERIFY_PUBLICKEY_LOCATION to your public key file");
        }
        if (admin.password().equals(DEV_ADMIN_PASSWORD) || admin.password().length() < 12) {
            out.add(
                    "the bootstrap admin password is the dev one or shorter than 12 characters: set ZHIJIA_BOOTSTRAP_ADMIN_PASSWORD");
        }
        if (checkin.secret().equals(DEV_CHECKIN_SECRET) || checkin.secret().length() < 32) {
            out.add("the check-in secret is the dev one or shorter than 32 characters: set ZHIJIA_CHECKIN_SECRET");
        }
        if (wechat.mode() == WechatConfig.Mode.MOCK && !wechat.allowMock()) {
            out.add(
                    "mock WeChat logins are on: set ZHIJIA_WECHAT_MODE=real (or ZHIJIA_WECHAT_ALLOW_MOCK=true on staging only)");
        }
        if (wechat.mode() == WechatConfig.Mode.REAL
                && (wechat.appid().isEmpty() || wechat.secret().isEmpty())) {
            out.add(
                    "real WeChat logins need the mini-program's credentials: set ZHIJIA_WECHAT_APPID and ZHIJIA_WECHAT_SECRET");
        }
        if (jwt.forwarding() && jwt.trustedProxies().isBlank()) {
            out.add(
                    "client addresses are taken from X-Forwarded-For but no proxy is listed, so every peer would be trusted: "
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
            return dev != null
                    && Files.isRegularFile(file)
                    && Arrays.equals(dev.readAllBytes(), Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
