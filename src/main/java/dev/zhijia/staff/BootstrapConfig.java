package dev.zhijia.staff;

import io.smallrye.config.ConfigMapping;

/** The first admin, created at start-up when it does not exist yet. */
@ConfigMapping(prefix = "zhijia.bootstrap.admin")
public interface BootstrapConfig {

    String username();

    /** The prod profile refuses the dev default and anything shorter than 12 characters. */
    String password();
}
