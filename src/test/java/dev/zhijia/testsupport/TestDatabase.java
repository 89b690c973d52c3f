package dev.zhijia.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the database for every @QuarkusTest in the module (embedded MySQL 8 unless a profile says otherwise). */
@QuarkusTestResource(value = MySqlTestResource.class, restrictToAnnotatedClass = false)
public final class TestDatabase {

    private TestDatabase() {}
}
