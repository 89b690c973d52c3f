package dev.zhijia.common;

import java.sql.SQLException;

/** Recognises a unique key refusing a row (MySQL's and MariaDB's ER_DUP_ENTRY) under whatever wraps it. */
public final class DuplicateKey {

    private static final int ER_DUP_ENTRY = 1062;

    private DuplicateKey() {}

    public static boolean causes(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == ER_DUP_ENTRY) {
                return true;
            }
        }
        return false;
    }
}
