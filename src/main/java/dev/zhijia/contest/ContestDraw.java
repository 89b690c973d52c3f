package dev.zhijia.contest;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which questions an attempt gets, from the seed kept with the attempt: the bank's question ids in ascending
 * order, shuffled by a Fisher–Yates pass driven by {@code new SplittableRandom(seed)} (swap position i with
 * {@code i + nextInt(n - i)} for i = 0, 1, ...), and the first {@code count} taken in that order. The same seed
 * and bank give the same questions on every replica and after any restart, so the draw never has to be stored.
 */
final class ContestDraw {

    private ContestDraw() {}

    static List<Long> draw(long seed, List<Long> ascendingIds, int count) {
        List<Long> ids = new ArrayList<>(ascendingIds);
        int n = ids.size();
        int k = Math.min(count, n);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            Long t = ids.get(i);
            ids.set(i, ids.get(j));
            ids.set(j, t);
        }
        return List.copyOf(ids.subList(0, k));
    }
}
