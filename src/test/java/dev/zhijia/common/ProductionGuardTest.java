package dev.zhijia.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.zhijia.staff.BootstrapConfig;
import dev.zhijia.station.CheckinConfig;
import dev.zhijia.wechat.WechatConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The prod profile's refusals, checked on plain configuration (no server needed). */
class ProductionGuardTest {

    private static List<String> refusals(Map<String, String> props) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .withMapping(BootstrapConfig.class)
                .withMapping(CheckinConfig.class)
                .withMapping(WechatConfig.class)
                .build();
        return ProductionGuard.refusals(
                ProductionGuard.JwtKeys.of(config),
                config.getConfigMapping(BootstrapConfig.class),
                config.getConfigMapping(CheckinConfig.class),
                config.getConfigMapping(WechatConfig.class));
    }

    private static Map<String, String> safe(Path privateKey, Path publicKey) {
        Map<String, String> p = new HashMap<>();
        p.put("smallrye.jwt.sign.key.location", privateKey.toString());
        p.put("mp.jwt.verify.publickey.location", publicKey.toString());
        p.put("zhijia.bootstrap.admin.username", "admin");
        p.put("zhijia.bootstrap.admin.password", "a-long-production-password");
        p.put("zhijia.checkin.secret", "0123456789abcdef0123456789abcdef-prod");
        p.put("zhijia.wechat.mode", "real");
        p.put("zhijia.wechat.appid", "wx123");
        p.put("zhijia.wechat.secret", "s3cret");
        p.put("zhijia.wechat.base-url", "https://api.weixin.qq.com");
        return p;
    }

    @Test
    void realSecretsPass() throws Exception {
        Path priv = Files.writeString(Files.createTempFile("prod", ".pem"), "not the dev key");
        Path pub = Files.writeString(Files.createTempFile("prod", ".pem"), "not the dev key either");
        assertEquals(List.of(), refusals(safe(priv, pub)));
    }

    @Test
    void eachDevDefaultIsRefusedNamingTheVariableToSet() throws Exception {
        Path priv = Files.writeString(Files.createTempFile("prod", ".pem"), "x");
        Path pub = Files.writeString(Files.createTempFile("prod", ".pem"), "y");
        Map<String, String> p = safe(priv, pub);
        p.put("smallrye.jwt.sign.key.location", "keys/dev-private.pem");
        p.put("zhijia.bootstrap.admin.password", "admin-dev-only");
        p.put("zhijia.checkin.secret", "dev-checkin-secret-change-me");
        p.put("zhijia.wechat.mode", "mock");
        String all = String.join("\n", refusals(p));
        assertTrue(all.contains("SMALLRYE_JWT_SIGN_KEY_LOCATION"), all);
        assertTrue(all.contains("ZHIJIA_BOOTSTRAP_ADMIN_PASSWORD"), all);
        assertTrue(all.contains("ZHIJIA_CHECKIN_SECRET"), all);
        assertTrue(all.contains("ZHIJIA_WECHAT_MODE=real"), all);
    }

    @Test
    void aCopyOfTheDevKeyIsStillTheDevKey() throws Exception {
        Path copy = Files.createTempFile("copy", ".pem");
        try (var dev = getClass().getClassLoader().getResourceAsStream("keys/dev-public.pem")) {
            Files.write(copy, dev.readAllBytes());
        }
        Path priv = Files.writeString(Files.createTempFile("prod", ".pem"), "x");
        String all = String.join("\n", refusals(safe(priv, copy)));
        assertTrue(all.contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), all);
    }

    @Test
    void mockModeIsAllowedOnlyWhenExplicitlyAllowed() throws Exception {
        Path priv = Files.writeString(Files.createTempFile("prod", ".pem"), "x");
        Path pub = Files.writeString(Files.createTempFile("prod", ".pem"), "y");
        Map<String, String> p = safe(priv, pub);
        p.put("zhijia.wechat.mode", "mock");
        p.put("zhijia.wechat.allow-mock", "true");
        assertEquals(List.of(), refusals(p));
    }

    @Test
    void forwardedAddressesAreRefusedWhenEveryPeerWouldBeTrusted() throws Exception {
        Map<String, String> p = safe(
                Files.writeString(Files.createTempFile("prod", ".pem"), "k1"),
                Files.writeString(Files.createTempFile("prod", ".pem"), "k2"));
        p.put("quarkus.http.proxy.proxy-address-forwarding", "true");
        String all = String.join("\n", refusals(p));
        assertTrue(all.contains("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"), all);
        p.put("quarkus.http.proxy.trusted-proxies", "10.244.0.0/16");
        assertEquals(List.of(), refusals(p));
    }
}
