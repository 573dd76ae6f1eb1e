package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import dev.magnus.rollback.spi.CheckpointStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Find the PostgreSQL server the tests run against and hand out isolated schemas on it.
 *
 * <p>The server is named by {@code ROLLBACK_JDBC_URL}, {@code ROLLBACK_JDBC_USER} and
 * {@code ROLLBACK_JDBC_PASSWORD} ({@code .ci/postgres} starts one and exports them). Without a
 * reachable server every test that needs one is skipped with the reason, unless {@code CI} is set:
 * then it fails, so a CI run can never pass by skipping. Each test works in its own schema, dropped
 * afterwards, so tests never see each other's rows.
 */
final class TestDatabase {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final Optional<String> UNAVAILABLE = probe();

  static {
    UNAVAILABLE.ifPresent(reason -> System.out.println(skipNotice(reason)));
  }

  private TestDatabase() {}

  static String url() {
    return System.getenv("ROLLBACK_JDBC_URL");
  }

  static String user() {
    return System.getenv().getOrDefault("ROLLBACK_JDBC_USER", "");
  }

  static String password() {
    return System.getenv().getOrDefault("ROLLBACK_JDBC_PASSWORD", "");
  }

  /**
   * Return the one line printed on the console, once per test run, when no server is reachable: why the
   * PostgreSQL tests are skipped and how to start one, so the reason is not only in the XML reports.
   */
  static String skipNotice(String reason) {
    return "rollback-store-jdbc: skipping the PostgreSQL tests: " + reason.replaceAll("\\s+", " ")
        + "; start a server with `. .ci/postgres` (it exports ROLLBACK_JDBC_URL, _USER and _PASSWORD), then run again";
  }

  /** Skip the calling test (or fail it under CI) when no server is reachable. */
  static void requireServer() {
    if (UNAVAILABLE.isEmpty()) {
      return;
    }
    String reason = "no PostgreSQL server for rollback-store-jdbc's tests: " + UNAVAILABLE.get()
        + " (run `. .ci/postgres` to start one and export ROLLBACK_JDBC_URL, _USER and _PASSWORD)";
    if (System.getenv("CI") != null) {
      fail("CI is set, so a missing server fails the build: " + reason);
    }
    Assumptions.abort(reason);
  }

  private static Optional<String> probe() {
    if (url() == null || url().isBlank()) {
      return Optional.of("ROLLBACK_JDBC_URL is not set");
    }
    try {
      connect().close();
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(JdbcStores.printable(url()) + " is not reachable: " + e.getMessage());
    }
  }

  /** Open a plain connection, outside any store, for setup and inspection; extra driver properties as name, value. */
  static Connection connect(String... properties) throws SQLException {
    Properties props = new Properties();
    for (int i = 0; i + 1 < properties.length; i += 2) {
      props.setProperty(properties[i], properties[i + 1]);
    }
    props.setProperty("user", user());
    props.setProperty("password", password());
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(url(), props);
  }

  /** Return a schema name no other test uses. */
  static String freshSchema(String purpose) {
    return "t_" + purpose + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
  }

  /** Start a builder for a store on the test server, in the given schema. */
  static JdbcStores.Builder builder(String schema) {
    requireServer();
    return JdbcStores.builder().url(url()).user(user()).password(password()).schema(schema).poolSize(4);
  }

  static CheckpointStore open(String schema) {
    return builder(schema).open();
  }

  /** Close the test's store, if it opened one, then drop its schema: the teardown of a test with one store. */
  static void closeAndDrop(@Nullable CheckpointStore store, String schema) {
    if (store != null) {
      store.close();
    }
    dropSchema(schema);
  }

  static void dropSchema(String schema) {
    if (UNAVAILABLE.isPresent()) {
      return;
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS \"" + Sql.checkSchema(schema) + "\" CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }
}
