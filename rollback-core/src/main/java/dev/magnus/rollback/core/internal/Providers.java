package dev.magnus.rollback.core.internal;

import dev.magnus.rollback.ProviderConflictException;
import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.RecoveryStrategyProvider;
import dev.magnus.rollback.spi.SessionRollbackEngineProvider;
import dev.magnus.rollback.core.config.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Find store, strategy and engine providers by name through {@link ServiceLoader}.
 *
 * <p>A name that is not found fails fast with {@link ProviderNotFoundException} listing the names
 * that are available and, for the names this project ships, the module to add. Two providers with
 * the same name are an error too ({@link ProviderConflictException}): which one would win would
 * depend on class path order.
 * Thread-safe (stateless); each call reloads, so call it at start-up, not per operation.
 */
public final class Providers {
  private static final Map<String, String> STORE_MODULES = Map.of(
      "memory", "rollback-store-memory", "file", "rollback-store-file", "jdbc", "rollback-store-jdbc",
      "postgres", "rollback-store-jdbc");
  private static final Map<String, String> STRATEGY_MODULES = Map.of(
      "IMMEDIATE", "rollback-strategies", "DECOMPOSE", "rollback-strategies", "PROGRESSIVE", "rollback-strategies");
  private static final Map<String, String> ENGINE_MODULES = Map.of("default", "rollback-core");

  private Providers() {}

  /**
   * Return every store provider on the class path, by name.
   *
   * @param loader the class loader to search
   * @return the providers, sorted by name
   */
  public static Map<String, CheckpointStoreProvider> stores(ClassLoader loader) {
    return load(CheckpointStoreProvider.class, CheckpointStoreProvider::name, loader);
  }

  /**
   * Return every recovery strategy provider on the class path, by name.
   *
   * @param loader the class loader to search
   * @return the providers, sorted by name
   */
  public static Map<String, RecoveryStrategyProvider> strategies(ClassLoader loader) {
    return load(RecoveryStrategyProvider.class, RecoveryStrategyProvider::name, loader);
  }

  /**
   * Return every engine provider on the class path, by name.
   *
   * @param loader the class loader to search
   * @return the providers, sorted by name
   */
  public static Map<String, SessionRollbackEngineProvider> engines(ClassLoader loader) {
    return load(SessionRollbackEngineProvider.class, SessionRollbackEngineProvider::name, loader);
  }

  /**
   * Find a store provider.
   *
   * @param name the name from {@code storage.type}
   * @param loader the class loader to search
   * @return the provider
   * @throws ProviderNotFoundException naming the available stores and the module to add
   */
  public static CheckpointStoreProvider store(String name, ClassLoader loader) {
    return pick(stores(loader), name, "checkpoint store", "storage.type", STORE_MODULES, CheckpointStoreProvider.class);
  }

  /**
   * Find an engine provider.
   *
   * @param name the engine name
   * @param loader the class loader to search
   * @return the provider
   * @throws ProviderNotFoundException naming the available engines
   */
  public static SessionRollbackEngineProvider engine(String name, ClassLoader loader) {
    return pick(engines(loader), name, "engine", "engine", ENGINE_MODULES, SessionRollbackEngineProvider.class);
  }

  /** Describe a strategy name that no provider offers, with the names available and the module to add. */
  public static ProviderNotFoundException strategyNotFound(String name, String configKey, Iterable<String> available) {
    return notFound(name, "recovery strategy", configKey, available, STRATEGY_MODULES, RecoveryStrategyProvider.class);
  }

  private static <P> P pick(Map<String, P> found, String name, String kind, String configKey, Map<String, String> modules,
      Class<P> type) {
    P provider = found.get(name);
    if (provider == null) {
      throw notFound(name, kind, configKey, found.keySet(), modules, type);
    }
    return provider;
  }

  private static ProviderNotFoundException notFound(String name, String kind, String configKey, Iterable<String> available,
      Map<String, String> modules, Class<?> type) {
    return new ProviderNotFoundException(describeMissing(name, kind, available, modules, type) + " (" + configKey + ")");
  }

  /**
   * Describe a store name that no provider offers: the names available, a near miss, and the fix.
   *
   * @param name the name asked for
   * @param available the names on the class path
   * @return one sentence for a problem list
   */
  public static String missingStore(String name, Collection<String> available) {
    return describeMissing(name, "checkpoint store", available, STORE_MODULES, CheckpointStoreProvider.class);
  }

  /**
   * Describe a strategy name that no provider or builder offers.
   *
   * @param name the name asked for
   * @param available the names known
   * @return one sentence for a problem list
   */
  public static String missingStrategy(String name, Collection<String> available) {
    return describeMissing(name, "recovery strategy", available, STRATEGY_MODULES, RecoveryStrategyProvider.class);
  }

  /**
   * Describe an engine name that no provider offers.
   *
   * @param name the name asked for
   * @param available the names on the class path
   * @return one sentence for a problem list
   */
  public static String missingEngine(String name, Collection<String> available) {
    return describeMissing(name, "engine", available, ENGINE_MODULES, SessionRollbackEngineProvider.class);
  }

  private static String describeMissing(String name, String kind, Iterable<String> available,
      Map<String, String> modules, Class<?> type) {
    List<String> names = new ArrayList<>();
    available.forEach(names::add);
    String module = modules.get(name);
    String nearMiss = Suggestions.closest(name, names).map(s -> "did you mean '" + s + "'? ").orElse("");
    String fix = module != null
        ? "add the dependency dev.magnus.rollback:" + module + " to the class path"
        : "choose one of the available names, or register a " + type.getSimpleName() + " named '" + name
            + "' in META-INF/services/" + type.getName();
    return "no " + kind + " named '" + name + "' on the class path; " + nearMiss + "available: "
        + (names.isEmpty() ? "none" : String.join(", ", names)) + "; " + fix;
  }

  private static <P> Map<String, P> load(Class<P> type, Function<P, String> nameOf, ClassLoader loader) {
    Map<String, P> byName = new TreeMap<>();
    for (P provider : ServiceLoader.load(type, loader)) {
      P previous = byName.putIfAbsent(nameOf.apply(provider), provider);
      if (previous != null) {
        throw new ProviderConflictException("two " + type.getSimpleName() + "s are named '" + nameOf.apply(provider) + "': "
            + previous.getClass().getName() + " and " + provider.getClass().getName()
            + "; remove one from the class path or rename it");
      }
    }
    return byName;
  }
}
