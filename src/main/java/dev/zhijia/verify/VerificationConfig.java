package dev.zhijia.verify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.verify")
public interface VerificationConfig {

    /** Wrong codes one staff account may enter per window before TOO_MANY_ATTEMPTS. */
    @WithDefault("10")
    int maxMissesPerStaff();

    /** Wrong codes per station (all its staff together) per window. */
    @WithDefault("30")
    int maxMissesPerStation();

    @WithDefault("10")
    int missWindowMinutes();

    /** Wrong codes per station per 24 h: bounds what a patient guesser can try in a code's lifetime. */
    @WithDefault("100")
    int maxMissesPerStationPerDay();
}
