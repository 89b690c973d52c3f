package dev.zhijia.member;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.zhijia.common.CommonErrors;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RateLimiter;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.hibernate.exception.ConstraintViolationException;

@ApplicationScoped
public class MemberService {

    @RegisterForReflection
    public record Profile(
            long id, boolean verified, String nickname, String name, String cardNo, List<String> tags, String orgId) {}

    /** Wrong name/card pairs a member may try per hour before being slowed down (card numbers are guessable). */
    static final int MAX_VERIFICATION_MISSES_PER_HOUR = 10;

    private final Clock clock;
    private final RateLimiter limiter;
    private final Eligibility eligibility;

    MemberService(Clock clock, RateLimiter limiter, Eligibility eligibility) {
        this.clock = clock;
        this.limiter = limiter;
        this.eligibility = eligibility;
    }

    public Member require(long memberId) {
        Member member = Member.findById(memberId);
        if (member == null) {
            throw ProblemException.unauthorized(CommonErrors.UNAUTHENTICATED, "The account no longer exists");
        }
        return member;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Profile profile(long memberId) {
        Member member = require(memberId);
        RosterEntry entry = member.rosterId == null ? null : RosterEntry.findById(member.rosterId);
        return profileOf(member, entry);
    }

    /** A member must be verified (bound to the roster) to claim, pick up water, review or report. */
    public Member requireVerified(long memberId) {
        Member member = require(memberId);
        if (!member.verified()) {
            throw Eligibility.notVerified();
        }
        return member;
    }

    /**
     * Binds the account to the roster entry with this card number when the name matches. A wrong
     * name and an unknown card answer the same, so the roster cannot be probed for card numbers.
     */
    @Transactional
    public Profile verify(long memberId, String name, String cardNo) {
        RateLimiter.Guess guess = limiter.guess(
                "Too many failed attempts; try again in an hour",
                new RateLimiter.Limit(
                        "verify:member:" + memberId, MAX_VERIFICATION_MISSES_PER_HOUR, Duration.ofHours(1)));
        Member member = require(memberId);
        RosterEntry entry = RosterEntry.<RosterEntry>find("cardNo", cardNo.strip())
                .firstResultOptional()
                .filter(e -> e.name.equals(name.strip()))
                .orElse(null);
        if (entry == null) {
            throw ProblemException.notFound(
                    MemberErrors.ROSTER_NO_MATCH, "No union member with this name and card number");
        }
        guess.giveBack(); // name and card matched: not a miss, whatever comes next
        return bind(member, entry);
    }

    private Profile bind(Member member, RosterEntry entry) {
        if (entry.id.equals(member.rosterId)) {
            return profileOf(member, entry);
        }
        if (member.rosterId != null) {
            throw ProblemException.conflict(
                    MemberErrors.ALREADY_VERIFIED, "This account is already bound to another member card");
        }
        if (Member.count("rosterId", entry.id) > 0) {
            throw cardAlreadyBound();
        }
        try {
            member.rosterId = entry.id;
            member.verifiedAt = clock.instant();
            member.flush();
        } catch (ConstraintViolationException raced) {
            // the unique key on member.roster_id decides two accounts binding one card at once
            throw cardAlreadyBound();
        }
        eligibility.forget(member.id);
        return profileOf(member, entry);
    }

    private static ProblemException cardAlreadyBound() {
        return ProblemException.conflict(
                MemberErrors.CARD_ALREADY_BOUND, "This member card is already bound to another account");
    }

    static Profile profileOf(Member member, RosterEntry entry) {
        return new Profile(
                member.id,
                member.verified(),
                member.nickname,
                entry == null ? null : entry.name,
                entry == null ? null : entry.cardNo,
                entry == null ? List.of() : entry.tagList(),
                entry == null ? null : entry.orgId);
    }
}
