package dev.zhijia.member;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Who a benefit, a bookable service, a campaign or a contest is for, as an admin writes it ({@code eligibility} or
 * {@code audience} in the request): members with any one of the tags (if any) and in any one of the orgs (if any);
 * both empty or absent: every verified member. {@link #audience} turns it into the one rule, {@link Audience}.
 */
@RegisterForReflection
public record AudienceRule(
        @Size(max = 20) List<
                        @NotNull @Pattern(regexp = "[a-z0-9-]{1,32}", message = "must be 1-32 lowercase letters, digits or '-'") String>
                tags,

        @Size(max = 50) List<
                        @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,32}", message = "must be 1-32 letters, digits, '_' or '-'") String>
                orgIds) {

    /** The rule as written (sorted, each once); no rule at all: every verified member. */
    public static Audience audience(AudienceRule rule) {
        return rule == null ? Audience.of(null, null) : Audience.of(rule.tags(), rule.orgIds());
    }
}
