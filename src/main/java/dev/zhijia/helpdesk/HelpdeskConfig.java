package dev.zhijia.helpdesk;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.helpdesk")
public interface HelpdeskConfig {

    /** A case still SUBMITTED this long after filing is overdue (listed with {@code overdue=true}, counted). */
    @WithDefault("2d")
    Duration overdueAfter();

    /** A RESOLVED (or REJECTED) case closes by itself this long after it got there. */
    @WithDefault("7d")
    Duration autoCloseAfter();

    /** An upload that no case or message took within this long is deleted. */
    @WithDefault("24h")
    Duration orphanAfter();

    /** How often each replica runs the sweep (overdue flags, auto-close, orphan purge); each step is idempotent. */
    @WithDefault("1m")
    Duration sweepEvery();

    /** The largest attachment, bytes (API.md: 5 MB). */
    @WithDefault("5242880")
    int maxAttachmentBytes();

    /** Images larger than this many pixels are refused (a 1 KB PNG can claim 100,000 × 100,000). */
    @WithDefault("40000000")
    long maxImagePixels();

    /** A PDF whose compressed streams would inflate to more than this many bytes is refused (a zip bomb). */
    @WithDefault("67108864")
    long maxPdfInflatedBytes();

    /** Where attachment bytes live: {@code mysql} (the default, {@link MySqlAttachmentStore}). */
    @WithDefault("mysql")
    String storage();
}
