package dev.zhijia.notify;

import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.zhijia.org.Orgs;
import org.jboss.logging.Logger;

/**
 * The one way to tell someone something: a member an inbox entry, written in the caller's transaction, and/or
 * live events for the member's open sockets; a console account (a caseworker, the admins over an org) live events
 * on {@code /console/live}. Live events are pushed only once that transaction has committed (at once when there is
 * none) — so nobody hears of a change that rolled back. A live push that fails is logged, never thrown: what it
 * said is also in the inbox or on the next read.
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
    private final Orgs orgs;
    private final TransactionSynchronizationRegistry transactions;

    Notices(Inbox inbox, LiveEvents live, Orgs orgs, TransactionSynchronizationRegistry transactions) {
        this.inbox = inbox;
        this.live = live;
        this.orgs = orgs;
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
        afterCommit(events, e -> live.toMember(memberId, e.type(), e.payload()), "member " + memberId);
    }

    /** Live events for a console account's sockets ({@code /console/live}), after the caller's transaction commits. */
    public void tellStaff(long staffId, Live... events) {
        afterCommit(events, e -> live.toStaff(staffId, e.type(), e.payload()), "staff " + staffId);
    }

    /**
     * Live events for the admins whose subtree holds {@code orgId} (a null org is the root's), after the caller's
     * transaction commits; which admins those are is read now, in the caller's transaction.
     */
    public void tellAdmins(String orgId, Live... events) {
        if (events.length == 0) {
            return;
        }
        List<String> over = orgs.orgAndAncestors(orgId);
        afterCommit(events, e -> live.toAdmins(over, e.type(), e.payload()), "the admins over " + orgId);
    }

    private void afterCommit(Live[] events, Consumer<Live> push, String to) {
        if (events.length == 0) {
            return;
        }
        Runnable all = () -> {
            for (Live e : events) {
                try {
                    push.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warnf("live '%s' for %s not pushed: %s", e.type(), to, ex.toString());
                }
            }
        };
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {}

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        all.run();
                    }
                }
            });
        } else {
            all.run();
        }
    }
}
