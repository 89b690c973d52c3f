package dev.zhijia.booking;

import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.CheckDigit;

/**
 * Booking codes: 7 random digits from a CSPRNG and a Luhn check digit (10^7 codes), unique among live
 * bookings by a unique key and never equal to a claim code (those never end in their check digit).
 */
@ApplicationScoped
public class BookingCodes {

    private final SecureRandom random = new SecureRandom();

    public String next() {
        return CheckDigit.append(String.format("%07d", random.nextInt(10_000_000)));
    }

    /** True for the shape of a booking code (the counter routes on it). */
    public static boolean isBookingCode(String code) {
        return code.length() == 8 && CheckDigit.valid(code);
    }
}
