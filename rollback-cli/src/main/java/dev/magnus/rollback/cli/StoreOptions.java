package dev.magnus.rollback.cli;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/*
 * The options every command that opens a store shares: which store, where, and the HMAC key variable
 * the checkpoints were written with. The configuration it builds never prunes (no maxCheckpoints in
 * practice, no age limit), so that inspect, verify and restore never delete a user's history.
 * openReadOnly() and openExisting() refuse a --data that holds no file store as bad input instead of
 * creating one; only demo's open() creates a store.
 */
final class StoreOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(names = "--store", defaultValue = "file", paramLabel = "NAME",
      description = "Store provider name, found on the class path (default: ${DEFAULT-VALUE}).")
  String store;

  @Option(names = "--data", defaultValue = "rollback-data", paramLabel = "DIR",
      description = "Directory of the file store (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--hmac-key-env", paramLabel = "VAR",
      description = "Environment variable holding the HMAC key the checkpoints were written with, if any.")
  String hmacKeyEnv;

  RollbackConfig config() {
    return RollbackConfig.custom()
        .checkpoint(CheckpointConfig.custom().maxCheckpoints(Integer.MAX_VALUE).retention(Duration.ZERO).build())
        .integrity(hmacKeyEnv == null ? IntegrityConfig.ofDefaults() : IntegrityConfig.hmacFrom(hmacKeyEnv))
        .storage(storage()).build();
  }

  StorageConfig storage() {
    return StorageConfig.custom().type(store).options("file", Map.of("path", data.toString())).build();
  }

  /** Open the store, creating a file store's directory if needed (demo). */
  CheckpointStore open() {
    return SessionRollback.openStore(store, storage(), StoreOptions.class.getClassLoader());
  }

  /** Open an existing store for writing (restore): a --data holding no file store is a usage error. */
  CheckpointStore openExisting() {
    if (isFile()) {
      DataDirectory.requireStore(command.commandLine(), "--data", data);
    }
    return open();
  }

  /**
   * Open an existing store to read it (inspect, verify): a file store read-only, so that nothing in its
   * directory is created, changed or repaired, and damage is reported instead; another store as its
   * provider opens it.
   */
  CheckpointStore openReadOnly() {
    if (!isFile()) {
      return open();
    }
    DataDirectory.requireStore(command.commandLine(), "--data", data);
    return FileStores.builder(data).readOnly().open();
  }

  private boolean isFile() {
    return FileStores.PROVIDER_NAME.equals(store);
  }

  /** Return where the commands keep the audit log: next to the file store's segments. */
  java.util.Optional<Path> auditFile() {
    return isFile() ? java.util.Optional.of(data.resolve("audit.jsonl")) : java.util.Optional.empty();
  }

  /** Start a builder for this store's engine, appending the audit log to {@link #auditFile()}. */
  dev.magnus.rollback.core.SessionRollback.Builder engine(RollbackConfig config, CheckpointStore opened) {
    dev.magnus.rollback.core.SessionRollback.Builder builder =
        dev.magnus.rollback.core.SessionRollback.builder().config(config).store(opened);
    auditFile().ifPresent(file -> builder.auditSink(dev.magnus.rollback.core.AuditFiles.appendTo(file)));
    return builder;
  }

  String describe() {
    return isFile() ? "file store in " + data : "'" + store + "' store";
  }
}
