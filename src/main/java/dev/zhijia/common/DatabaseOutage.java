package dev.zhijia.common;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells a database that is down or hung apart from a query that failed: the first is answered 503
 * {@code DATABASE_UNAVAILABLE} (the client retries shortly), the second is a bug or a refusal. The bounds that
 * turn a hang into such an error are configuration (application.properties, "Database"): the pool's acquisition
 * timeout and the driver's connect and socket timeouts.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {}

    /** True when {@code e} or a cause says the database could not be reached or did not answer in time. */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JDBCConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                String message = String.valueOf(sql.getMessage());
                // 08xxx: connection exceptions; Agroal's pool answers a plain SQLException when none is free in time
                if ((state != null && state.startsWith("08"))
                        || message.toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * For a capability's own failure handler (after it gave a Redis reservation back): an outage goes on to
     * the common 503 {@code DATABASE_UNAVAILABLE} answer instead of the capability's "not recorded" one.
     */
    public static void rethrowIfDown(RuntimeException e) {
        if (is(e)) {
            throw e;
        }
    }
}
