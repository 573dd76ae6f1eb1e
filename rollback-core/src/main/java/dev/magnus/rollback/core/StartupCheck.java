package dev.magnus.rollback.core;

import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.ProviderConflictException;
import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import dev.magnus.rollback.core.internal.DefaultEngineProvider;
import dev.magnus.rollback.core.internal.Providers;
import dev.magnus.rollback.spi.StateUpcaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/*
 * The checks an engine's configuration must pass before anything is created, run by
 * SessionRollback.Builder for build() (which throws with every problem at once) and problems() (which
 * `rollback config check` prints). One place, so the builder, fromConfig(), the CDI producer and the
 * CLI cannot disagree: every provider name (storage.type, storage.spilloverType with spillover,
 * recovery.strategy unless left at its default, each recovery.byFailureType value, the engine) is resolved
 * against what the class
 * loader and the builder offer; the HMAC key variable must be set; storage.type and spilloverType must
 * differ. A storage.type of "auto" (the default) resolves here: the only store provider, or "file"
 * among several. Each problem reads "key.path (where): what is wrong; the fix", where is a line and
 * column when the configuration came from a file.
 */
final class StartupCheck {
  private final RollbackConfigLoader.Loaded loaded;
  private final List<String> problems = new ArrayList<>();
  private final List<String> missingProviders = new ArrayList<>();

  private StartupCheck(RollbackConfigLoader.Loaded loaded) {
    this.loaded = loaded;
  }

  /**
   * What the builder was given besides the configuration.
   *
   * @param storeGiven whether a store instance was given (no store is created)
   * @param givenStores names of store providers given to the builder
   * @param givenStrategies names of strategies given to the builder
   * @param givenStrategyProviders names of strategy providers given to the builder
   * @param engine the engine provider's name
   * @param loader where providers are discovered
   * @param environment where the HMAC key variable is read
   * @param upcasters every state upcaster, given or discovered
   * @param keyProviders whether a key provider was given or discovered (it may hold the active key)
   */
  record Offer(boolean storeGiven, Set<String> givenStores, Set<String> givenStrategies,
      Set<String> givenStrategyProviders, String engine, ClassLoader loader, Map<String, String> environment,
      List<StateUpcaster> upcasters, boolean keyProviders) {}

  /** The names available: what was given plus what the class loader offers. */
  private record Names(Set<String> stores, Set<String> strategies, Set<String> engines) {}

  /**
   * The outcome: the configuration with storage.type resolved, and every problem.
   *
   * @param config the configuration to build with (storage.type never "auto" when a store is to be created)
   * @param problems every problem found
   * @param onlyMissingProviders whether every problem is a provider name that was not found
   */
  record Result(RollbackConfig config, List<String> problems, boolean onlyMissingProviders) {}

  static Result run(RollbackConfigLoader.Loaded loaded, Offer offer) {
    StartupCheck check = new StartupCheck(loaded);
    Names names = check.names(offer);
    RollbackConfig config = check.storage(loaded.config(), offer.storeGiven(), names.stores());
    check.strategies(config, names.strategies());
    check.engine(offer.engine(), names.engines());
    check.hmacKey(config, offer.environment());
    check.encryptionKeys(config.integrity().encryption(), offer.environment(), offer.keyProviders());
    Upcasters.problems(config.state().schemaVersion(), offer.upcasters()).forEach(p -> check.add("state.schemaVersion", p));
    return new Result(config, List.copyOf(check.problems),
        !check.problems.isEmpty() && check.problems.size() == check.missingProviders.size());
  }

  /** Throw when a check failed: ProviderNotFoundException when only names were missing, else ConfigInvalidException. */
  static Result passing(Result checked, String source) {
    if (!checked.problems().isEmpty()) {
      String header = "cannot start: " + checked.problems().size() + (checked.problems().size() == 1 ? " problem"
          : " problems") + " in the configuration from " + source + "\n  " + String.join("\n  ", checked.problems());
      throw checked.onlyMissingProviders() ? new ProviderNotFoundException(header, checked.problems())
          : new ConfigInvalidException(header, checked.problems());
    }
    return checked;
  }

  private Names names(Offer offer) {
    Set<String> stores = new TreeSet<>(offer.givenStores());
    Set<String> strategies = new TreeSet<>(offer.givenStrategies());
    strategies.addAll(offer.givenStrategyProviders());
    Set<String> engines = new TreeSet<>();
    try {
      stores.addAll(Providers.stores(offer.loader()).keySet());
      strategies.addAll(Providers.strategies(offer.loader()).keySet());
      engines.addAll(Providers.engines(offer.loader()).keySet());
    } catch (ProviderConflictException e) {
      problems.add("class path: " + e.getMessage());
    }
    return new Names(stores, strategies, engines);
  }

  private RollbackConfig storage(RollbackConfig config, boolean storeGiven, Set<String> stores) {
    StorageConfig storage = config.storage();
    if (storeGiven) {
      return config;
    }
    String type = storage.type();
    if (StorageConfig.AUTO.equals(type)) {
      type = autoStore(stores);
      if (type.isEmpty()) {
        return config;
      }
      config = RollbackConfig.from(config).storage(StorageConfig.from(storage).type(type).build()).build();
    } else if (!stores.contains(type)) {
      missing("storage.type", Providers.missingStore(type, stores));
    }
    if (storage.spillover()) {
      if (!stores.contains(storage.spilloverType())) {
        missing("storage.spilloverType", Providers.missingStore(storage.spilloverType(), stores));
      } else if (storage.spilloverType().equals(type)) {
        add("storage.spilloverType", "must name another store than storage.type, was '" + type + "' for both: set "
            + "storage.spilloverType to a durable store such as file");
      }
    }
    return config;
  }

  /** The only store, or file among several; "" (and a problem) when there is no clear choice. */
  private String autoStore(Set<String> stores) {
    if (stores.size() == 1) {
      return stores.iterator().next();
    }
    if (stores.contains("file")) {
      return "file";
    }
    if (stores.isEmpty()) {
      problems.add("storage.type (auto: not set): no checkpoint store is on the class path: add "
          + "dev.magnus.rollback:rollback-store-file (durable, the embedded default) or rollback-store-memory, or "
          + "set storage.type to your own provider's name");
      missingProviders.add("storage.type");
    } else {
      problems.add("storage.type (auto: not set): the class path offers several stores (" + String.join(", ", stores)
          + "), none of them file: set storage.type to the one to use");
    }
    return "";
  }

  private void strategies(RollbackConfig config, Set<String> strategies) {
    String strategy = config.recovery().strategy();
    // The default strategy is only required when chosen: an engine without rollback-strategies still
    // checkpoints and rolls back, and recover() then names the module to add.
    boolean chosen = loaded.where().containsKey("recovery.strategy")
        || !strategy.equals(RecoveryConfig.ofDefaults().strategy());
    if (chosen && !strategies.contains(strategy)) {
      missing("recovery.strategy", Providers.missingStrategy(strategy, strategies));
    }
    config.recovery().byFailureType().forEach((type, name) -> {
      if (!strategies.contains(name)) {
        String key = "recovery.byFailureType." + type;
        String where = loaded.where().containsKey(key) ? loaded.whereOf(key) : loaded.whereOf("recovery.byFailureType");
        problems.add(key + " (" + where + "): " + Providers.missingStrategy(name, strategies));
        missingProviders.add(key);
      }
    });
  }

  private void engine(String engine, Set<String> engines) {
    if (!DefaultEngineProvider.NAME.equals(engine) && !engines.contains(engine)) {
      problems.add("engine (SessionRollback.Builder.engine): " + Providers.missingEngine(engine, engines));
      missingProviders.add(engine);
    }
  }

  private void hmacKey(RollbackConfig config, Map<String, String> environment) {
    config.integrity().hmacKeyEnv().ifPresent(variable -> {
      String value = environment.get(variable);
      if (value == null || value.isEmpty()) {
        add("integrity.hmacKeyEnv", "names the environment variable " + variable + ", which is not set or empty: "
            + "export " + variable + "=<the HMAC key the checkpoints were written with>, or remove integrity.hmacKeyEnv");
      }
    });
  }

  /**
   * Check that each key variable {@code integrity.encryption.keys} names is set to the base64 of 32 bytes
   * and that the active key is among them (when keys are listed; a key provider given in code serves
   * its own). Names variables and ids, never values.
   */
  private void encryptionKeys(dev.magnus.rollback.EncryptionConfig encryption, Map<String, String> environment,
      boolean keyProviders) {
    encryption.keys().forEach((id, variable) -> {
      String value = environment.get(variable);
      String path = "integrity.encryption.keys." + id;
      if (value == null || value.isBlank()) {
        add(path, "names the environment variable " + variable + ", which is not set or empty: export it with the "
            + "base64 of the 32-byte key (openssl rand -base64 32)");
        return;
      }
      try {
        int length = java.util.Base64.getDecoder().decode(value.trim()).length;
        if (length != 32) {
          add(path, "the environment variable " + variable + " holds " + length + " bytes, not 32: give a 256-bit key");
        }
      } catch (IllegalArgumentException e) {
        add(path, "the environment variable " + variable + " is not base64: set it to the base64 of a 32-byte key");
      }
    });
    // with key providers the active key may be theirs: the engine's start checks that someone holds it
    encryption.activeKeyId().filter(id -> !keyProviders && !encryption.keys().isEmpty() && !encryption.keys().containsKey(id))
        .ifPresent(id -> add("integrity.encryption.activeKeyId", "is '" + id + "', which is not among "
            + "integrity.encryption.keys " + encryption.keys().keySet() + ": add it there, or name a listed key"));
  }

  private void missing(String keyPath, String text) {
    add(keyPath, text);
    missingProviders.add(keyPath);
  }

  private void add(String keyPath, String text) {
    problems.add(keyPath + " (" + loaded.whereOf(keyPath) + "): " + text);
  }
}
