package dev.zhijia.door;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a door and the service say to each other (API.md "Station entry"), in one place for both sides: the
 * service ({@link DoorLink}, {@link DoorEntries}) and the {@link DoorSimulator} use these and nothing else,
 * so the simulator checks exactly what a real controller must.
 * <ul>
 * <li>QR: {@code zjdoor:<doorId>:<window>:<hex(HMAC-SHA256(secret, doorId:window))>}, window = epoch s ÷ 30,
 * accepted in its window and the next;</li>
 * <li>{@code <prefix>/<doorId>/commands}: {@code {commandId, expiresAt, sig}}, expiresAt in epoch ms,
 * sig = hex(HMAC-SHA256(secret, commandId:doorId:expiresAt));</li>
 * <li>{@code <prefix>/<doorId>/events}: {@code {commandId, result: OPENED|FAILED}};</li>
 * <li>{@code <prefix>/<doorId>/status}: {@code {at}} heartbeats.</li>
 * </ul>
 * The HMAC key is the device secret's UTF-8 bytes.
 */
public final class DoorProtocol {

    public static final String QR_PREFIX = "zjdoor:";
    public static final int WINDOW_SECONDS = 30;
    public static final String OPENED = "OPENED";
    public static final String FAILED = "FAILED";

    private DoorProtocol() {}

    public static long window(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), WINDOW_SECONDS);
    }

    /** The payload the door shows in {@code window}. */
    public static String qr(long doorId, String secret, long window) {
        return QR_PREFIX + doorId + ":" + window + ":" + hmac(secret, doorId + ":" + window);
    }

    /** The door id a payload names, or -1 when it is not a door payload at all. */
    public static long doorOf(String qr) {
        if (qr == null || !qr.startsWith(QR_PREFIX)) {
            return -1;
        }
        String[] p = qr.substring(QR_PREFIX.length()).split(":", -1);
        if (p.length != 3 || !p[0].matches("[1-9][0-9]{0,17}")) {
            return -1;
        }
        return Long.parseLong(p[0]);
    }

    /** Whether {@code qr} is this door's, signed with its secret, in the current window or the one before. */
    public static boolean qrValid(String qr, long doorId, String secret, Instant now) {
        if (doorOf(qr) != doorId) {
            return false;
        }
        String[] p = qr.substring(QR_PREFIX.length()).split(":", -1);
        if (!p[1].matches("[0-9]{1,12}")) {
            return false;
        }
        long window = Long.parseLong(p[1]);
        long current = window(now);
        if (window != current && window != current - 1) {
            return false;
        }
        return equal(hmac(secret, doorId + ":" + window), p[2]);
    }

    /** The signature of an open command. */
    public static String commandSig(String secret, String commandId, long doorId, long expiresAtMillis) {
        return hmac(secret, commandId + ":" + doorId + ":" + expiresAtMillis);
    }

    public static boolean commandValid(
            String secret, String commandId, long doorId, long expiresAtMillis, String sig, Instant now) {
        return commandId != null
                && sig != null
                && now.toEpochMilli() <= expiresAtMillis
                && equal(commandSig(secret, commandId, doorId, expiresAtMillis), sig);
    }

    public static String commandsTopic(String prefix, long doorId) {
        return prefix + "/" + doorId + "/commands";
    }

    public static String eventsTopic(String prefix, long doorId) {
        return prefix + "/" + doorId + "/events";
    }

    public static String statusTopic(String prefix, long doorId) {
        return prefix + "/" + doorId + "/status";
    }

    /** The door id of {@code <prefix>/<doorId>/<kind>}, or -1. */
    public static long doorOfTopic(String prefix, String topic, String kind) {
        String head = prefix + "/";
        String tail = "/" + kind;
        if (!topic.startsWith(head) || !topic.endsWith(tail) || topic.length() <= head.length() + tail.length()) {
            return -1;
        }
        String id = topic.substring(head.length(), topic.length() - tail.length());
        return id.matches("[1-9][0-9]{0,17}") ? Long.parseLong(id) : -1;
    }

    static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean equal(String expected, String given) {
        return given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
