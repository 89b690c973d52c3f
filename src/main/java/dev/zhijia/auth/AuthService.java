package dev.zhijia.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.Caller;
import dev.zhijia.common.Hashes;
import dev.zhijia.common.ProblemException;
import dev.zhijia.common.RateLimiter;
import dev.zhijia.member.Member;
import dev.zhijia.staff.StaffAccount;
import dev.zhijia.wechat.WechatSessions;

@ApplicationScoped
public class AuthService {

    public record MemberLogin(Tokens.Pair tokens, Member member) {}

    public record Session(Tokens.Pair tokens, String role) {}

    private final WechatSessions wechat;
    private final Passwords passwords;
    private final Tokens tokens;
    private final RateLimiter limiter;
    private final AuthConfig config;
    private final EntityManager em;
    private final Clock clock;

    AuthService(
            WechatSessions wechat,
            Passwords passwords,
            Tokens tokens,
            RateLimiter limiter,
            AuthConfig config,
            EntityManager em,
            Clock clock) {
        this.wechat = wechat;
        this.passwords = passwords;
        this.tokens = tokens;
        this.limiter = limiter;
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    /** First login creates the account; two first logins racing still make one (unique openid). */
    @Transactional
    public MemberLogin wechatLogin(String code) {
        WechatSessions.Identity identity = wechat.exchange(code);
        em.createNativeQuery("INSERT INTO member (openid, unionid, nickname, created_at) VALUES (?1, ?2, ?3, ?4)"
                        + " ON DUPLICATE KEY UPDATE unionid = COALESCE(?2, unionid)")
                .setParameter(1, identity.openid())
                .setParameter(2, identity.unionid())
                .setParameter(3, defaultNickname(identity.openid()))
                .setParameter(4, clock.instant())
                .executeUpdate();
        Member member = Member.find("openid", identity.openid()).singleResult();
        return new MemberLogin(tokens.issue(Caller.memberSubject(member.id), Caller.MEMBER), member);
    }

    public Session passwordLogin(String username, String password, String clientAddress) {
        String userKey = "login:user:" + username.toLowerCase(Locale.ROOT);
        Duration window = Duration.ofMinutes(config.lockoutMinutes());
        RateLimiter.Guess guess = limiter.guess(
                "Too many failed logins; try again in " + config.lockoutMinutes() + " minutes",
                new RateLimiter.Limit(userKey, config.maxFailedLogins(), window),
                new RateLimiter.Limit("login:addr:" + clientAddress, config.maxFailedLoginsPerAddress(), window));

        Optional<StaffAccount> account = StaffAccount.find("username", username).firstResultOptional();
        boolean ok =
                passwords.matches(password, account.map(a -> a.passwordHash).orElse(null))
                        && account.get().disabledAt == null;
        if (!ok) {
            throw ProblemException.unauthorized(AuthErrors.INVALID_CREDENTIALS, "Wrong username or password");
        }
        guess.giveBack();
        limiter.reset(userKey);
        StaffAccount staff = account.get();
        return new Session(tokens.issue(Caller.staffSubject(staff.id), staff.role.group()), staff.role.group());
    }

    /** Rotates the refresh token; the role is read afresh so a disabled or changed account takes effect. */
    public Session refresh(String refreshToken) {
        Tokens.Rotation rotation = tokens.rotate(refreshToken, this::currentRole);
        return new Session(rotation.pair(), rotation.role());
    }

    public void logout(String refreshToken) {
        tokens.revoke(refreshToken);
    }

    private String currentRole(String subject) {
        String[] parts = subject.split(":", 2);
        long id = Long.parseLong(parts[1]);
        if (Caller.MEMBER.equals(parts[0])) {
            if (Member.findById(id) == null) {
                throw ProblemException.unauthorized(AuthErrors.REFRESH_TOKEN_INVALID, "The account no longer exists");
            }
            return Caller.MEMBER;
        }
        StaffAccount staff = StaffAccount.findById(id);
        if (staff == null || staff.disabledAt != null) {
            throw ProblemException.unauthorized(AuthErrors.REFRESH_TOKEN_INVALID, "The account is disabled");
        }
        return staff.role.group();
    }

    private static String defaultNickname(String openid) {
        return "职工" + Hashes.sha256(openid).substring(0, 4).toUpperCase(Locale.ROOT);
    }
}
