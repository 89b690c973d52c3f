package dev.zhijia.auth;

import jakarta.inject.Singleton;

import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * Deletes refresh tokens nobody can use any more and revocations older than any access token, in small
 * transactions. Every replica runs it: the deletes are idempotent, so two replicas at once only share the work.
 */
@Singleton
class TokenPurge {

    private static final Logger LOG = Logger.getLogger(TokenPurge.class);
    static final int BATCH = 2000;

    private final Tokens tokens;
    private final Revocations revocations;

    TokenPurge(Tokens tokens, Revocations revocations) {
        this.tokens = tokens;
        this.revocations = revocations;
    }

    @Scheduled(
            every = "${zhijia.auth.purge-every:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        long deleted = 0;
        for (int n = BATCH; n == BATCH; ) {
            n = tokens.purge(BATCH);
            deleted += n;
        }
        int revocationsDeleted = revocations.purge();
        if (deleted + revocationsDeleted > 0) {
            LOG.infof(
                    "purged %d refresh tokens and %d revocations nobody can use any more", deleted, revocationsDeleted);
        }
    }
}
