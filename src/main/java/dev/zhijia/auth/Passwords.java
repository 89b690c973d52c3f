package dev.zhijia.auth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.elytron.security.common.BcryptUtil;

/** bcrypt (cost 10); verification compares in constant time inside the library. */
@ApplicationScoped
public class Passwords {

    private static final int COST = 10;
    // Checked against when the username does not exist, so a miss costs as long as a wrong password.
    private static final String DECOY = BcryptUtil.bcryptHash("decoy-password-never-valid", COST);

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, COST);
    }

    public boolean matches(String password, String hash) {
        return BcryptUtil.matches(password, hash == null ? DECOY : hash) && hash != null;
    }
}
