package dev.zhijia.member;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.zhijia.common.Masking;
import dev.zhijia.common.Page;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RowLocks;
import dev.zhijia.org.Orgs;
import dev.zhijia.org.Scope;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.hibernate.exception.ConstraintViolationException;

@ApplicationScoped
public class JoinApplications {

    public record Submitted(long id, String status) {}

    /** What an admin sees in the list: the phone masked, the rest needed to decide. */
    @RegisterForReflection
    public record View(
            long id,
            long memberId,
            String name,
            String phone,
            String employer,
            String occupation,
            String status,
            String reason,
            Long rosterId,
            Instant createdAt,
            Instant decidedAt) {

        static View of(JoinApplication a) {
            return new View(
                    a.id,
                    a.memberId,
                    a.name,
                    Masking.phone(a.phone),
                    a.employer,
                    a.occupation,
                    a.status.name(),
                    a.reason,
                    a.rosterId,
                    a.createdAt,
                    a.decidedAt);
        }
    }

    /** Optional details an admin may set when approving; otherwise a card number is issued. */
    public record Approval(String cardNo, String orgId, List<String> tags) {}

    private final MemberService members;
    private final RosterRepository roster;
    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final Eligibility eligibility;
    private final Orgs orgs;

    JoinApplications(
            MemberService members,
            RosterRepository roster,
            AgroalDataSource dataSource,
            Clock clock,
            Eligibility eligibility,
            Orgs orgs) {
        this.orgs = orgs;
        this.eligibility = eligibility;
        this.members = members;
        this.roster = roster;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Transactional
    public Submitted apply(long memberId, String name, String phone, String employer, String occupation) {
        Member member = members.require(memberId);
        if (member.verified()) {
            throw ProblemException.conflict(MemberErrors.ALREADY_VERIFIED, "This account is already a verified member");
        }
        if (JoinApplication.count("pendingMemberId", memberId) > 0) {
            throw applicationPending();
        }
        JoinApplication a = new JoinApplication();
        a.memberId = memberId;
        a.pendingMemberId = memberId;
        a.name = name.strip();
        a.phone = phone;
        a.employer = employer.strip();
        a.occupation = occupation.strip();
        a.status = JoinApplication.Status.PENDING;
        a.createdAt = clock.instant();
        try {
            a.persistAndFlush();
        } catch (ConstraintViolationException raced) {
            throw applicationPending();
        }
        return new Submitted(a.id, a.status.name());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<View> list(Scope scope, JoinApplication.Status status, int limit, long before) {
        String inScope = " and " + scope.where("orgId");
        List<JoinApplication> rows = status == null
                ? JoinApplication.find("id < ?1" + inScope + " order by id desc", before)
                        .range(0, limit)
                        .list()
                : JoinApplication.find("status = ?1 and id < ?2" + inScope + " order by id desc", status, before)
                        .range(0, limit)
                        .list();
        return Page.of(rows.stream().map(View::of).toList(), limit, View::id);
    }

    /** Adds the applicant to the roster and verifies their account, in one transaction. */
    @Transactional
    public View approve(Scope scope, long id, long adminId, Approval approval) {
        JoinApplication a = pending(scope, id);
        String orgId = approval.orgId() == null && !scope.isRoot() ? scope.orgId() : approval.orgId();
        if (orgId != null) {
            scope.requireTarget(orgId);
            orgs.adopt(List.of(orgId));
        }
        Member member = members.require(a.memberId);
        if (member.verified()) {
            throw ProblemException.conflict(
                    MemberErrors.ALREADY_VERIFIED,
                    "The applicant's account was verified in the meantime; reject instead");
        }
        Instant now = clock.instant();
        String cardNo = approval.cardNo() != null ? approval.cardNo() : String.format("ZJ%010d", a.id);
        if (RosterEntry.count("cardNo", cardNo) > 0) {
            throw ProblemException.conflict(
                    MemberErrors.CARD_NO_TAKEN, "Another roster entry already has card number " + cardNo);
        }
        List<String> tags = approval.tags() == null
                ? List.of()
                : approval.tags().stream().distinct().sorted().toList();
        RosterEntry entry = new RosterEntry();
        entry.cardNo = cardNo;
        entry.name = a.name;
        entry.phone = a.phone;
        entry.orgId = orgId;
        entry.tags = String.join(";", tags);
        entry.source = RosterEntry.SOURCE_APPLICATION;
        entry.createdAt = now;
        entry.updatedAt = now;
        entry.persistAndFlush();
        try (Connection c = dataSource.getConnection()) {
            roster.replaceTags(c, Map.of(entry.id, tags));
        } catch (SQLException e) {
            throw new IllegalStateException("could not write roster tags", e);
        }
        member.rosterId = entry.id;
        member.verifiedAt = now;
        decide(a, JoinApplication.Status.APPROVED, adminId, null);
        a.rosterId = entry.id;
        a.orgId = orgId == null ? Scope.ROOT : orgId;
        eligibility.forget(member.id);
        return View.of(a);
    }

    @Transactional
    public View reject(Scope scope, long id, long adminId, String reason) {
        JoinApplication a = pending(scope, id);
        decide(a, JoinApplication.Status.REJECTED, adminId, reason);
        return View.of(a);
    }

    private JoinApplication pending(Scope scope, long id) {
        JoinApplication a = RowLocks.find(
                JoinApplication.getEntityManager(),
                JoinApplication.class,
                "join_application",
                id,
                LockModeType.PESSIMISTIC_WRITE);
        scope.visible(
                a,
                a == null ? null : a.orgId,
                () -> ProblemException.notFound(MemberErrors.APPLICATION_NOT_FOUND, "No join application " + id));
        if (a.status != JoinApplication.Status.PENDING) {
            throw ProblemException.conflict(
                    MemberErrors.APPLICATION_NOT_PENDING,
                    "The application was already " + a.status.name().toLowerCase());
        }
        return a;
    }

    private void decide(JoinApplication a, JoinApplication.Status status, long adminId, String reason) {
        a.status = status;
        a.pendingMemberId = null;
        a.decidedBy = adminId;
        a.decidedAt = clock.instant();
        a.reason = reason;
    }

    private static ProblemException applicationPending() {
        return ProblemException.conflict(MemberErrors.APPLICATION_PENDING, "You already have a pending application");
    }
}
