package dev.zhijia.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The tests that run on MariaDB 10.11 (127.0.0.1:3306) instead of MySQL 8: {@link MySqlTestResource} picks
 * the database by this profile's name. One class for all of them, so they share one Quarkus start.
 */
public class MariaDbProfile implements QuarkusTestProfile {}
