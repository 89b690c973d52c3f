package dev.zhijia.wechat;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.wechat")
public interface WechatConfig {

    enum Mode {
        /** {@code mock-<id>} → openid {@code mock-openid-<id>}, no network (dev, test, staging). */
        MOCK,
        /** code2Session against {@link #baseUrl()}. */
        REAL
    }

    Mode mode();

    Optional<String> appid();

    Optional<String> secret();

    String baseUrl();

    /** The prod profile refuses mock mode unless this is set (staging and acceptance only). */
    @WithDefault("false")
    boolean allowMock();
}
