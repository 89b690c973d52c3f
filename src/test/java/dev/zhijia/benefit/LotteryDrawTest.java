package dev.zhijia.benefit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The published draw, recomputed from its documented steps with nothing but SHA-256. */
class LotteryDrawTest {

    private static final String SEED = "9f2c1a7e5b3d4c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";

    private static String sha256(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theDigestIsTheTicketsJoinedByNewlines() throws Exception {
        assertEquals(sha256("3\n17\n250"), LotteryDraw.digest(List.of(3L, 17L, 250L)));
        assertEquals(sha256(""), LotteryDraw.digest(List.of()));
    }

    @Test
    void winnersAreTheSmallestRanksAsAnyoneCanRecomputeThem() throws Exception {
        List<Long> tickets = LongStream.rangeClosed(1, 200).boxed().toList();
        List<Long> winners = LotteryDraw.winners(SEED, tickets, 15);

        // ranks are fixed-length hex, so "rank ticket" strings sort by rank first
        List<String> ranks = new ArrayList<>();
        for (long t : tickets) {
            ranks.add(sha256(SEED + ":" + t) + " " + t);
        }
        Collections.sort(ranks);
        List<Long> expected = ranks.subList(0, 15).stream()
                .map(r -> Long.parseLong(r.substring(r.indexOf(' ') + 1)))
                .sorted()
                .toList();
        assertEquals(expected, winners);
    }

    @Test
    void theOrderTicketsArriveInDoesNotMatterButTheSeedDoes() {
        List<Long> tickets =
                new ArrayList<>(LongStream.rangeClosed(1000, 1099).boxed().toList());
        List<Long> winners = LotteryDraw.winners(SEED, tickets, 10);
        Collections.shuffle(tickets, new Random(7));
        assertEquals(winners, LotteryDraw.winners(SEED, tickets, 10));
        assertNotEquals(winners, LotteryDraw.winners(SEED.replace('9', '8'), tickets, 10));
        assertEquals(winners.stream().sorted().toList(), winners, "winners are listed in ticket order");
        assertEquals(10, winners.size());
        assertTrue(tickets.containsAll(winners));
    }

    @Test
    void moreStockThanEntriesMakesEveryoneAWinner() {
        assertEquals(List.of(4L, 5L, 9L), LotteryDraw.winners(SEED, List.of(9L, 4L, 5L), 10));
        assertEquals(List.of(), LotteryDraw.winners(SEED, List.of(), 3));
        assertEquals(List.of(), LotteryDraw.winners(SEED, List.of(1L, 2L), 0));
    }
}
