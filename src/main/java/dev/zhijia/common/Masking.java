package dev.zhijia.common;

/** Personal data shown to anyone but its owner: {@code 张三} → {@code 张*}, {@code 13812345678} → {@code 138****5678}. */
public final class Masking {

    private Masking() {}

    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return name;
        }
        String trimmed = name.strip();
        int first = trimmed.offsetByCodePoints(0, 1);
        int rest = trimmed.codePointCount(first, trimmed.length());
        return trimmed.substring(0, first) + "*".repeat(Math.max(1, rest));
    }

    public static String phone(String phone) {
        if (phone == null || phone.length() < 7) {
            return phone == null ? null : "*".repeat(phone.length());
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
