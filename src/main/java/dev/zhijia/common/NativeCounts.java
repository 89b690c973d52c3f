package dev.zhijia.common;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/** A native {@code SELECT COUNT(*)}/{@code SUM} with positional parameters ?1, ?2, … read as a long. */
public final class NativeCounts {

    private NativeCounts() {}

    public static long count(EntityManager em, String sql, Object... params) {
        Query q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return ((Number) q.getSingleResult()).longValue();
    }
}
