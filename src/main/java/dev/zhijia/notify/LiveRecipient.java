package dev.zhijia.notify;

import dev.zhijia.common.Caller;
import dev.zhijia.member.Eligibility;

/**
 * Whose socket it is, and which entries of the shared live-event stream are theirs: a member ({@code /me/live})
 * gets the events addressed to them and those of audiences they are in; a console account ({@code /console/live})
 * gets the events addressed to it and, when it is an admin, those for the admins over an org its own org is an
 * ancestor of (the event carries the org's ancestors as they were when it was published).
 */
sealed interface LiveRecipient {

    /** {@code member:<id>} or {@code staff:<id>}: the subject whose revocation closes the socket. */
    String subject();

    boolean wants(LiveEvent e);

    record Member(long id, Eligibility.Profile profile) implements LiveRecipient {
        @Override
        public String subject() {
            return Caller.memberSubject(id);
        }

        @Override
        public boolean wants(LiveEvent e) {
            if (e.memberId() != null) {
                return e.memberId() == id;
            }
            return e.audience() != null && e.audience().includes(profile);
        }
    }

    /** {@code adminOrg}: the org of an admin account (the top of its subtree); null for a caseworker. */
    record Console(long staffId, String adminOrg) implements LiveRecipient {
        @Override
        public String subject() {
            return Caller.staffSubject(staffId);
        }

        @Override
        public boolean wants(LiveEvent e) {
            if (e.staffId() != null) {
                return e.staffId() == staffId;
            }
            return adminOrg != null && e.adminOrgs() != null && e.adminOrgs().contains(adminOrg);
        }
    }
}
