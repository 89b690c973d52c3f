package dev.zhijia.notify;

/**
 * The problem codes of the inbox and the /me/live handshake.
 * Stable: clients branch on them, and README's error-code table lists them.
 */
public final class NotifyErrors {

    public static final String MESSAGE_NOT_FOUND = "MESSAGE_NOT_FOUND";
    public static final String SHUTTING_DOWN = "SHUTTING_DOWN";

    private NotifyErrors() {}
}
