package dev.zhijia.wechat;

/**
 * The problem codes of the chat platform: login and subscribe-message consent.
 * Stable: clients branch on them, and README's error-code table lists them.
 */
public final class WechatErrors {

    public static final String UNKNOWN_TEMPLATE = "UNKNOWN_TEMPLATE";
    public static final String WECHAT_BUSY = "WECHAT_BUSY";
    public static final String WECHAT_CODE_INVALID = "WECHAT_CODE_INVALID";
    public static final String WECHAT_RATE_LIMITED = "WECHAT_RATE_LIMITED";
    public static final String WECHAT_UNAVAILABLE = "WECHAT_UNAVAILABLE";
    public static final String WECHAT_USER_BLOCKED = "WECHAT_USER_BLOCKED";

    private WechatErrors() {}
}
