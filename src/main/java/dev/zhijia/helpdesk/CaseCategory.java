package dev.zhijia.helpdesk;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a case is about. */
@RegisterForReflection
public enum CaseCategory {
    HARDSHIP("困难帮扶"),
    LEGAL_AID("法律援助"),
    WAGE_ARREARS("欠薪维权"),
    WORK_INJURY("工伤维权"),
    OTHER("其他");

    public final String label;

    CaseCategory(String label) {
        this.label = label;
    }
}
