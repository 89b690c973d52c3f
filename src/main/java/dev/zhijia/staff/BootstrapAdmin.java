package dev.zhijia.staff;

import java.time.Clock;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.auth.Passwords;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/** Creates the first admin from configuration when it does not exist yet; replicas starting together create one. */
@Singleton
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    @Transactional
    void onStart(
            @Observes StartupEvent event, BootstrapConfig config, EntityManager em, Passwords passwords, Clock clock) {
        String username = config.username();
        String password = config.password();
        if (StaffAccount.count("username", username) > 0) {
            return;
        }
        int created = em.createNativeQuery(
                        "INSERT IGNORE INTO staff_account (username, password_hash, display_name, role, created_at)"
                                + " VALUES (?1, ?2, ?3, 'ADMIN', ?4)")
                .setParameter(1, username)
                .setParameter(2, passwords.hash(password))
                .setParameter(3, "管理员")
                .setParameter(4, clock.instant())
                .executeUpdate();
        if (created > 0) {
            LOG.infof("created bootstrap admin '%s'", username);
        }
    }
}
