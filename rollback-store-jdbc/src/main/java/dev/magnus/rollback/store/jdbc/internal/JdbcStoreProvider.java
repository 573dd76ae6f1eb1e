package dev.magnus.rollback.store.jdbc.internal;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import dev.magnus.rollback.store.jdbc.JdbcStores;

/**
 * Provide the {@code jdbc} store, configured by {@code storage.options.jdbc}: {@code url} (required,
 * {@code jdbc:postgresql://...}), {@code user}, {@code passwordEnv} (the name of the environment
 * variable that holds the password; the password itself never goes into the configuration),
 * {@code poolSize} (default 8), {@code schema} (default {@code public}) and {@code connectionTimeoutMs}
 * (default 10000). Stateless and thread-safe.
 */
public final class JdbcStoreProvider implements CheckpointStoreProvider {
  /** The provider name. */
  public static final String NAME = "jdbc";

  private static final Set<String> KEYS = Set.of("url", "user", "passwordEnv", "poolSize", "schema", "connectionTimeoutMs");
  private final UnaryOperator<@Nullable String> environment;

  /** Create the provider; called by {@link java.util.ServiceLoader}. */
  public JdbcStoreProvider() {
    this(System::getenv);
  }

  /**
   * Create the provider reading environment variables through {@code environment} (tests pass a map).
   *
   * @param environment returns a variable's value, or null if it is unset
   */
  public JdbcStoreProvider(UnaryOperator<@Nullable String> environment) {
    this.environment = environment;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Open the store the options describe.
   *
   * @param storage the storage section
   * @return the open store
   * @throws ConfigInvalidException naming the key and the value (never a password) for a bad option
   * @throws dev.magnus.rollback.StoreException if the database cannot be reached or migrated
   */
  @Override
  public CheckpointStore create(StorageConfig storage) {
    Map<String, Object> options = storage.optionsFor(NAME);
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new ConfigInvalidException("storage.options.jdbc: unknown option(s) " + unknown + "; allowed are "
          + new TreeSet<>(KEYS) + " (the password comes from the variable named by passwordEnv)");
    }
    if (!options.containsKey("url")) {
      throw new ConfigInvalidException("storage.options.jdbc.url is missing: give a PostgreSQL JDBC URL, for example "
          + "jdbc:postgresql://127.0.0.1:5432/rollback");
    }
    JdbcStores.Builder builder = JdbcStores.builder();
    apply("url", options, v -> builder.url(String.valueOf(v)));
    apply("user", options, v -> builder.user(String.valueOf(v)));
    apply("schema", options, v -> builder.schema(String.valueOf(v)));
    apply("poolSize", options, v -> builder.poolSize(Math.toIntExact(number("poolSize", v))));
    apply("connectionTimeoutMs", options, v -> builder.connectionTimeout(Duration.ofMillis(number("connectionTimeoutMs", v))));
    if (options.containsKey("passwordEnv")) {
      builder.password(password(String.valueOf(options.get("passwordEnv"))));
    }
    return builder.open();
  }

  private String password(String variable) {
    String value = environment.apply(variable);
    if (value == null) {
      throw new ConfigInvalidException("storage.options.jdbc.passwordEnv: the environment variable '" + variable
          + "' is not set; export it with the database password, or remove passwordEnv");
    }
    return value;
  }

  private static void apply(String key, Map<String, Object> options, java.util.function.Consumer<Object> setter) {
    Object value = options.get(key);
    if (value == null) {
      return;
    }
    try {
      setter.accept(value);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigInvalidException("storage.options.jdbc." + key + ": " + e.getMessage(), e);
    }
  }

  private static long number(String key, Object value) {
    Objects.requireNonNull(value, key);
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
    }
  }
}
