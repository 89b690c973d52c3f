package dev.zhijia.common;

/**
 * The Luhn check digit. Booking codes end in theirs and claim codes never do, so the two kinds of
 * 8-digit code the counter accepts can never be equal, and the counter knows which one it was shown.
 */
public final class CheckDigit {

    private CheckDigit() {}

    /** {@code digits} followed by its check digit. */
    public static String append(String digits) {
        return digits + (10 - sum(digits, false) % 10) % 10;
    }

    /** True if the last digit is the Luhn check digit of the others. */
    public static boolean valid(String code) {
        return !code.isEmpty() && code.chars().allMatch(Character::isDigit) && sum(code, true) % 10 == 0;
    }

    /** The Luhn sum; {@code withCheck}: the last digit is a check digit (not doubled). */
    private static int sum(String s, boolean withCheck) {
        int total = 0;
        boolean twice = !withCheck;
        for (int i = s.length() - 1; i >= 0; i--) {
            int d = s.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            total += d;
            twice = !twice;
        }
        return total;
    }
}
