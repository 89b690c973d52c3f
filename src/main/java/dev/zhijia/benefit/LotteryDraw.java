package dev.zhijia.benefit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.zhijia.common.Hashes;

/**
 * The published, recomputable draw. Anyone holding the seed and the ticket list can check it:
 * <ol>
 * <li>{@code entriesDigest = SHA-256(tickets in ascending order, each as decimal, joined by "\n")}</li>
 * <li>each ticket's rank is {@code SHA-256(seed + ":" + ticket)} as lowercase hex</li>
 * <li>the winners are the {@code totalStock} tickets with the smallest ranks (ties by ticket number)</li>
 * </ol>
 * The seed is fixed when the benefit is created and only its SHA-256 is shown until the draw, so it
 * cannot be chosen after the entries are known.
 */
public final class LotteryDraw {

    private LotteryDraw() {}

    public static String digest(List<Long> ascendingTickets) {
        StringBuilder joined = new StringBuilder();
        for (Long t : ascendingTickets) {
            joined.append(joined.length() == 0 ? "" : "\n").append(t);
        }
        return Hashes.sha256(joined.toString());
    }

    public static List<Long> winners(String seed, List<Long> tickets, int totalStock) {
        record Ranked(long ticket, String rank) {}
        List<Ranked> ranked = new ArrayList<>(tickets.size());
        for (Long t : tickets) {
            ranked.add(new Ranked(t, Hashes.sha256(seed + ":" + t)));
        }
        ranked.sort(Comparator.comparing(Ranked::rank).thenComparingLong(Ranked::ticket));
        return ranked.subList(0, Math.min(totalStock, ranked.size())).stream()
                .map(Ranked::ticket)
                .sorted()
                .toList();
    }
}
