package dev.zhijia.benefit;

import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.CheckDigit;

/**
 * Claim codes: 8 random digits from a CSPRNG (9·10^7 codes: those with a valid Luhn check digit are
 * booking codes, never claim codes), unique among live claims by a unique key.
 * Guessing is bounded by the per-staff and per-station limits on wrong codes.
 */
@ApplicationScoped
public class ClaimCodes {

    public static final int LENGTH = 8;
    private final SecureRandom random = new SecureRandom();

    public String next() {
        while (true) {
            String code = String.format("%08d", random.nextInt(100_000_000));
            if (!CheckDigit.valid(code)) {
                return code;
            }
        }
    }
}
