package dev.zhijia.notify;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

/**
 * The one way to tell a member something: an inbox entry, written in the caller's transaction, and/or
 * live events for the member's open sockets, pushed only once that transaction has committed (at once
 * when there is none) — so a member never hears of a change that rolled back. A live push that fails
 * is logged, never thrown: what it said is also in the inbox or on the next read.
 */
@ApplicationScoped
public class Notices {

    private static final Logger LOG = Logger.getLogger(Notices.class);

    /** An inbox entry: {@code kind} says what it is about, {@code refId} the thing it refers to (or null). */
    public record Message(String kind, String title, String body, Long refId) {}

    /** A live event: {@code type} and a JSON-serialisable payload. */
    public record Live(String type, Object payload) {}

    private final Inbox inbox;
    private final LiveEvents live;
    private final TransactionSynchronizationRegistry transactions;

    Notices(Inbox inbox, LiveEvents live, TransactionSynchronizationRegistry transactions) {
        this.inbox = inbox;
        this.live = live;
        this.transactions = transactions;
    }

    /** An inbox entry, in the caller's transaction (which must be active). */
    public void tell(long memberId, Message message) {
        tell(memberId, message, new Live[0]);
    }

    /** The same inbox entry for many members, as one multi-row insert in the caller's transaction. */
    public void tellAll(List<Long> memberIds, Message message) {
        inbox.deliverAll(memberIds, message.kind(), message.title(), message.body(), message.refId());
    }

    /** Live events only, after the caller's transaction commits. */
    public void tell(long memberId, Live... events) {
        tell(memberId, null, events);
    }

    /** Both: the inbox entry now (if any), the live events after the commit. */
    public void tell(long memberId, Message message, Live... events) {
        if (message != null) {
            inbox.deliver(memberId, message.kind(), message.title(), message.body(), message.refId());
        }
        if (events.length == 0) {
            return;
        }
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {}

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        push(memberId, events);
                    }
                }
            });
        } else {
            push(memberId, events);
        }
    }

    private void push(long memberId, Live[] events) {
        for (Live e : events) {
            try {
                live.toMember(memberId, e.type(), e.payload());
            } catch (RuntimeException ex) {
                LOG.warnf("live '%s' for member %d not pushed: %s", e.type(), memberId, ex.toString());
            }
        }
    }
}
