package dev.magnus.rollback.cli;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.core.AuditFiles;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.core.Verification;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.StateUpcaster;
import dev.magnus.rollback.store.file.FileStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/*
 * The options every command that opens a store shares: which store, where, and the HMAC key variable
 * the checkpoints were written with (by default the system property rollback.integrity.hmacKeyEnv, the
 * key the engine reads, so `./rollback -Drollback.integrity.hmacKeyEnv=VAR ...` works too). The
 * configuration it builds never prunes (no maxCheckpoints in practice, no age limit), so that no
 * command deletes a user's history.
 *
 * Opening is where the CLI's exit codes are decided: an unknown provider name, a --data that holds no
 * store, or an HMAC variable that is not set is a usage error (2) before anything is touched; a store
 * that refuses to open (locked, unreadable, read-only for a writer) is unavailable (3). Only demo's
 * open() creates a store; openReadOnly() opens a file store read-only, so the read commands never
 * create, change or repair anything.
 */
final class StoreOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(names = "--store", defaultValue = "file", paramLabel = "NAME", converter = Arguments.Name.class,
      description = "Store provider name, found on the class path (default: ${DEFAULT-VALUE}).")
  String store;

  @Option(names = "--data", defaultValue = "rollback-data", paramLabel = "DIR", converter = Arguments.NonEmptyPath.class,
      description = "Directory of the file store (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--hmac-key-env", paramLabel = "VAR", converter = Arguments.Name.class,
      defaultValue = "${sys:rollback.integrity.hmacKeyEnv}",
      description = "Environment variable holding the HMAC key the checkpoints were written with (the writer's "
          + "integrity.hmacKeyEnv; default: the system property rollback.integrity.hmacKeyEnv, else none).")
  @Nullable String hmacKeyEnv;

  @Option(names = "--key", paramLabel = "ID=VAR", mapFallbackValue = "",
      description = "Encryption key: its id and the environment variable holding it, base64 of 32 bytes (the writer's "
          + "integrity.encryption.keys); repeat for each key. Without it, encrypted checkpoints are reported as needing "
          + "their key.")
  Map<String, String> keys = new java.util.TreeMap<>();

  /** Return the configuration the commands use: this store, this key, and no pruning. */
  RollbackConfig config() {
    requireKey();
    return RollbackConfig.custom()
        .checkpoint(CheckpointConfig.custom().maxCheckpoints(Integer.MAX_VALUE).retention(Duration.ZERO).build())
        .integrity((hmacKeyEnv == null ? IntegrityConfig.ofDefaults() : IntegrityConfig.hmacFrom(hmacKeyEnv))
            .withEncryption(encryption()))
        .storage(storage()).build();
  }

  /** The keys --key names, to read encrypted checkpoints (never to write: no active key). */
  private EncryptionConfig encryption() {
    try {
      return new EncryptionConfig(keys, java.util.Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), "--key: " + e.getMessage());
    }
  }

  /** Return the verifier for this store's checkpoints, with the key from the environment. */
  /** Verify as a restore does; a read also migrates older states with the upcasters on the class path. */
  Verification verification() {
    List<StateUpcaster> steps = new ArrayList<>();
    ServiceLoader.load(StateUpcaster.class, StoreOptions.class.getClassLoader()).forEach(steps::add);
    return Verification.of(config(), environment()).upcastingWith(steps);
  }

  Map<String, String> environment() {
    return ((RollbackCommand) command.root().userObject()).environment();
  }

  StorageConfig storage() {
    return StorageConfig.custom().type(store).options("file", Map.of("path", data.toString())).build();
  }

  /** Open the store, creating a file store's directory if needed (demo). */
  CheckpointStore open() {
    if (isFile()) {
      DataDirectory.requireCreatable(command.commandLine(), "--data", data);
    }
    return opening(() -> SessionRollback.openStore(store, storage(), StoreOptions.class.getClassLoader()));
  }

  /** Open an existing store for writing (restore): a --data holding no file store is a usage error. */
  CheckpointStore openExisting() {
    if (isFile()) {
      DataDirectory.requireStore(command.commandLine(), "--data", data);
      if (!Files.isWritable(data)) {
        throw CommandFailure.unavailable("the file store directory " + DataDirectory.shown(data) + " is read-only and `"
            + command.qualifiedName() + "` appends to it: make it writable (inspect, show, diff, timeline and verify "
            + "read it as it is)", null);
      }
    }
    return opening(() -> SessionRollback.openStore(store, storage(), StoreOptions.class.getClassLoader()));
  }

  /**
   * Open an existing store to read it (inspect, verify, show, diff, timeline): a file store read-only,
   * so that nothing in its directory is created, changed or repaired, and damage is reported instead;
   * another store as its provider opens it.
   */
  CheckpointStore openReadOnly() {
    if (!isFile()) {
      return opening(() -> SessionRollback.openStore(store, storage(), StoreOptions.class.getClassLoader()));
    }
    DataDirectory.requireStore(command.commandLine(), "--data", data);
    return opening(() -> FileStores.builder(data).readOnly().open());
  }

  private CheckpointStore opening(Supplier<CheckpointStore> open) {
    try {
      return open.get();
    } catch (ProviderNotFoundException e) {
      throw new ParameterException(command.commandLine(), "--store " + store + ": no store provider named '" + store
          + "' on the class path; available: " + String.join(", ", providers()));
    } catch (StoreException e) {
      throw CommandFailure.unavailable(e.getMessage(), e);
    }
  }

  private static TreeSet<String> providers() {
    TreeSet<String> names = new TreeSet<>();
    ServiceLoader.load(CheckpointStoreProvider.class, StoreOptions.class.getClassLoader()).forEach(p -> names.add(p.name()));
    return names;
  }

  /** An HMAC variable that is named but not set is a usage error naming it and how to set it. */
  private void requireKey() {
    if (hmacKeyEnv != null) {
      String key = environment().get(hmacKeyEnv);
      if (key == null || key.isEmpty()) {
        throw new ParameterException(command.commandLine(), KeyAdvice.unset(hmacKeyEnv, command.qualifiedName()));
      }
    }
  }

  boolean isFile() {
    return FileStores.PROVIDER_NAME.equals(store);
  }

  /** Return where the commands keep the audit log: next to the file store's segments. */
  Optional<Path> auditFile() {
    return isFile() ? Optional.of(data.resolve("audit.jsonl")) : Optional.empty();
  }

  /** Start a builder for this store's engine, appending the audit log to {@link #auditFile()}. */
  SessionRollback.Builder engine(RollbackConfig config, CheckpointStore opened) {
    SessionRollback.Builder builder = SessionRollback.builder().config(config).store(opened).environment(environment());
    auditFile().ifPresent(file -> builder.auditSink(AuditFiles.appendTo(file)));
    return builder;
  }

  String describe() {
    return isFile() ? "file store in " + data : "'" + store + "' store";
  }

  /** Return the options that name this store again, for a follow-up command in a message. */
  String again() {
    return (isFile() ? " --data " + data : " --store " + store)
        + (hmacKeyEnv == null ? "" : " --hmac-key-env " + hmacKeyEnv);
  }

  /**
   * Say so when a session's checkpoints fail only because they were hashed with another HMAC key than
   * this run's (or with one when this run has none): the advice to give instead of a list of damage.
   */
  Optional<String> otherKey(Verification verification, CheckpointStore opened, String session) {
    return verification.hashedWithAnotherKey(opened, session)
        ? Optional.of(KeyAdvice.otherKey(hmacKeyEnv, session, command.qualifiedName()))
        : Optional.empty();
  }
}
