package dev.zhijia.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A read that goes to the audit trail like a write when a console account (staff, caseworker, admin) makes it: the
 * help desk's case reads, where ARCHITECTURE.md asks that every caseworker or admin read be on record.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AuditedRead {}
