package dev.zhijia.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points every {@code @QuarkusTest} at a database:
 * <ul>
 *   <li>test profiles named {@code *MariaDbProfile}: the MariaDB at 127.0.0.1:3306 (schema {@code zhijia_test}
 *       or {@code ZHIJIA_TEST_MARIADB_DB}, emptied by Flyway at each start; user/password from {@code ZHIJIA_TEST_MARIADB_USER}/{@code _PASSWORD});</li>
 *   <li>{@code ZHIJIA_TEST_JDBC_URL} set: that database ({@code ZHIJIA_TEST_DB_USER}/{@code _PASSWORD}),
 *       nothing is started;</li>
 *   <li>otherwise: the JVM-wide {@link EmbeddedMySql}, database {@code zhijia}.</li>
 * </ul>
 */
public class MySqlTestResource implements QuarkusTestResourceLifecycleManager {

    private String testProfile;

    @Override
    public void setContext(Context context) {
        testProfile = context.testProfile();
    }

    @Override
    public Map<String, String> start() {
        TestRedis.flushOncePerJvm();
        Map<String, String> config = new java.util.HashMap<>(database());
        config.putAll(TestRedis.config());
        return config;
    }

    private Map<String, String> database() {
        if (testProfile != null && testProfile.endsWith("MariaDbProfile")) {
            TestRedis.flush(); // the schema starts empty below, so must Redis
            return Map.of(
                    "quarkus.datasource.jdbc.url",
                    "jdbc:mysql://127.0.0.1:3306/" + env("ZHIJIA_TEST_MARIADB_DB", "zhijia_test")
                            + "?createDatabaseIfNotExist=true&" + EmbeddedMySql.urlParams(),
                    "quarkus.datasource.username",
                    env("ZHIJIA_TEST_MARIADB_USER", "zhijia"),
                    "quarkus.datasource.password",
                    env("ZHIJIA_TEST_MARIADB_PASSWORD", "zhijia"),
                    // MariaDB announces itself as "5.5.5-10.11", which Hibernate's MySQL dialect rejects.
                    "quarkus.hibernate-orm.database.version-check.enabled",
                    "false",
                    // The MariaDB outlives test runs: start every run from an empty schema.
                    "quarkus.flyway.clean-disabled",
                    "false",
                    "quarkus.flyway.clean-at-start",
                    "true");
        }
        String externalUrl = System.getenv("ZHIJIA_TEST_JDBC_URL");
        if (externalUrl != null && !externalUrl.isBlank()) {
            return Map.of(
                    "quarkus.datasource.jdbc.url", externalUrl,
                    "quarkus.datasource.username", env("ZHIJIA_TEST_DB_USER", "root"),
                    "quarkus.datasource.password", env("ZHIJIA_TEST_DB_PASSWORD", ""));
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", EmbeddedMySql.shared().jdbcUrl("zhijia"),
                "quarkus.datasource.username", "root",
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        // Several Quarkus restarts share the server; EmbeddedMySql's shutdown hook stops it at JVM exit.
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value != null ? value : fallback;
    }
}
