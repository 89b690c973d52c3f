package dev.zhijia.staff;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.zhijia.common.ProblemException;
import dev.zhijia.org.Scope;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A console account: station staff (bound to stations) or an admin. */
@Entity
@Table(name = "staff_account")
public class StaffAccount extends PanacheEntityBase {

    public enum Role {
        STAFF,
        CASEWORKER,
        ADMIN;

        /** The JWT group: {@code staff}, {@code caseworker} or {@code admin}. */
        public String group() {
            return name().toLowerCase();
        }

        /** The role an account with these roles gets (an admin can do what staff can); 400 for an unknown one. */
        public static Role strongest(List<String> roles) {
            Role strongest = null;
            for (String r : roles) {
                Role role = java.util.Arrays.stream(values())
                        .filter(v -> v.group().equals(r))
                        .findFirst()
                        .orElseThrow(() -> ProblemException.invalid(
                                "roles", "unknown role '" + r + "': one of staff, caseworker, admin"));
                strongest = strongest == null || role.ordinal() > strongest.ordinal() ? role : strongest;
            }
            if (strongest == null) {
                throw ProblemException.invalid("roles", "must name at least one role");
            }
            return strongest;
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String username;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "display_name")
    public String displayName;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Role role;

    /** The organisation the account belongs to; an admin reaches its subtree. */
    @Column(name = "org_id")
    public String orgId = Scope.ROOT;

    @Column(name = "disabled_at")
    public Instant disabledAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
