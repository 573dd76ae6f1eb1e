package dev.magnus.rollback.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Open PostgreSQL checkpoint stores. Thread-safe (stateless); builders are not.
 *
 * <pre>{@code
 * CheckpointStore store = JdbcStores.builder()
 *     .url("jdbc:postgresql://db.internal:5432/rollback").user("rollback").password(System.getenv("ROLLBACK_DB_PASSWORD"))
 *     .poolSize(8)
 *     .open();
 * }</pre>
 *
 * <p>Give either a {@link DataSource} you own (the store borrows connections and never closes it) or
 * a JDBC URL, from which the store creates a HikariCP pool that it closes on {@code close()}. Opening
 * applies the schema migrations that are missing, so several nodes can open the same database at once.
 */
public final class JdbcStores {
  /** The schema used unless {@link Builder#schema(String)} says otherwise. */
  public static final String DEFAULT_SCHEMA = "public";
  /** Connections in the pool created from a URL, unless {@link Builder#poolSize(int)} says otherwise. */
  public static final int DEFAULT_POOL_SIZE = 8;
  /** How long an operation waits for a connection, unless {@link Builder#connectionTimeout(Duration)} says otherwise. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  /** Batches of appends written at once by one store. */
  static final int DEFAULT_BATCH_WRITERS = 1;

  private JdbcStores() {}

  /**
   * Start a builder.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configure and open a store. Not thread-safe. */
  public static final class Builder {
    private DataSource dataSource;
    private String url;
    private String user;
    private String password;
    private int poolSize = DEFAULT_POOL_SIZE;
    private String schema = DEFAULT_SCHEMA;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private int batchWriters = DEFAULT_BATCH_WRITERS;

    private Builder() {}

    /**
     * Use a data source you own; the store never closes it. Excludes {@link #url(String)}.
     *
     * @param value the data source
     * @return this
     */
    public Builder dataSource(DataSource value) {
      dataSource = Objects.requireNonNull(value, "dataSource");
      return this;
    }

    /**
     * Connect to this JDBC URL through a pool the store owns. Excludes {@link #dataSource(DataSource)}.
     *
     * @param value a {@code jdbc:postgresql:} URL
     * @return this
     * @throws IllegalArgumentException if it is not a PostgreSQL JDBC URL
     */
    public Builder url(String value) {
      Objects.requireNonNull(value, "url");
      if (!value.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("url '" + printable(value) + "' is not allowed: give a PostgreSQL JDBC URL, "
            + "for example jdbc:postgresql://127.0.0.1:5432/rollback");
      }
      url = value;
      return this;
    }

    /**
     * Log in as this user (URL only).
     *
     * @param value the user name
     * @return this
     */
    public Builder user(String value) {
      user = Objects.requireNonNull(value, "user");
      return this;
    }

    /**
     * Log in with this password (URL only); it is never logged nor kept beyond the pool.
     *
     * @param value the password, for example read from an environment variable
     * @return this
     */
    public Builder password(String value) {
      password = Objects.requireNonNull(value, "password");
      return this;
    }

    /**
     * Size the pool created from a URL.
     *
     * @param value 1 to 1000
     * @return this
     * @throws IllegalArgumentException if out of range
     */
    public Builder poolSize(int value) {
      if (value < 1 || value > 1000) {
        throw new IllegalArgumentException("poolSize must be between 1 and 1000, was " + value);
      }
      poolSize = value;
      return this;
    }

    /**
     * Keep the tables in this schema, created if missing.
     *
     * @param value 1 to 63 characters from {@code [A-Za-z0-9_]}, not starting with a digit
     * @return this
     * @throws IllegalArgumentException for another name
     */
    public Builder schema(String value) {
      schema = Sql.checkSchema(value);
      return this;
    }

    /**
     * Bound the wait for a connection from the pool created from a URL.
     *
     * @param value at least 250 ms
     * @return this
     * @throws IllegalArgumentException if shorter
     */
    public Builder connectionTimeout(Duration value) {
      if (value.toMillis() < 250) {
        throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, was " + value.toMillis() + " ms");
      }
      connectionTimeout = value;
      return this;
    }

    /**
     * Use this clock for tombstone and migration stamps.
     *
     * @param value the clock
     * @return this
     */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Bound the batches of appends written at once (tests set 1 to make a batch's members predictable). */
    Builder batchWriters(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("batchWriters must be at least 1, was " + value);
      }
      batchWriters = value;
      return this;
    }

    /**
     * Open the store: create the pool if needed, then apply missing migrations.
     *
     * @return the open store
     * @throws IllegalStateException if neither or both of a data source and a URL were given
     * @throws StoreException if the database cannot be reached or migrated
     */
    public CheckpointStore open() {
      if ((dataSource == null) == (url == null)) {
        throw new IllegalStateException("give exactly one of dataSource(...) and url(...)");
      }
      HikariDataSource pool = url == null ? null : pool();
      DataSource ds = pool == null ? dataSource : pool;
      String where = (url == null ? "data source " + dataSource.getClass().getName() : printable(url))
          + ", schema " + schema;
      Sql sql = new Sql(schema);
      try (Connection c = ds.getConnection()) {
        Migrations.migrate(c, sql, clock);
      } catch (SQLException | RuntimeException e) {
        if (pool != null) {
          pool.close();
        }
        throw e instanceof SQLException se ? SqlFailures.of("open " + where + " and migrate its schema", se)
            : new StoreException("the PostgreSQL store could not open " + where + ": " + e.getMessage(), e);
      }
      return new JdbcCheckpointStore(ds, pool, sql, clock, where, batchWriters);
    }

    private HikariDataSource pool() {
      HikariConfig config = new HikariConfig();
      config.setPoolName("rollback-jdbc");
      config.setJdbcUrl(url);
      if (user != null) {
        config.setUsername(user);
      }
      if (password != null) {
        config.setPassword(password);
      }
      config.setMaximumPoolSize(poolSize);
      config.setMinimumIdle(Math.min(2, poolSize));
      config.setConnectionTimeout(connectionTimeout.toMillis());
      config.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 5_000));
      config.setInitializationFailTimeout(-1);
      return new HikariDataSource(config);
    }
  }

  /** The URL without its query string, where a password could hide. */
  static String printable(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }
}
