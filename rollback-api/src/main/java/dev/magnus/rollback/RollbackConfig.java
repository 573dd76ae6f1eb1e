package dev.magnus.rollback;

import java.util.Objects;

/**
 * Hold the whole configuration of an engine, one section per concern. Immutable.
 *
 * <p>Built in code with {@link #custom()}, or loaded from {@code session-rollback-config.yaml} by
 * rollback-core; both give equal objects for equal settings.
 *
 * @param checkpoint checkpointing and retention
 * @param recovery strategy selection and retry
 * @param storage the store
 * @param compression payload compression
 * @param integrity hashing
 * @param audit the audit log
 * @param state the state's schema version
 */
public record RollbackConfig(
    CheckpointConfig checkpoint,
    RecoveryConfig recovery,
    StorageConfig storage,
    CompressionConfig compression,
    IntegrityConfig integrity,
    AuditConfig audit,
    StateConfig state) {

  private static final RollbackConfig DEFAULTS = custom().build();

  /** Validate. */
  public RollbackConfig {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(recovery, "recovery");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(integrity, "integrity");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(state, "state");
  }

  /**
   * Create a configuration with the default state section (kept for code written before {@code state}).
   *
   * @param checkpoint checkpointing and retention
   * @param recovery strategy selection and retry
   * @param storage the store
   * @param compression payload compression
   * @param integrity hashing
   * @param audit the audit log
   */
  public RollbackConfig(CheckpointConfig checkpoint, RecoveryConfig recovery, StorageConfig storage,
      CompressionConfig compression, IntegrityConfig integrity, AuditConfig audit) {
    this(checkpoint, recovery, storage, compression, integrity, audit, StateConfig.ofDefaults());
  }

  /**
   * Return the defaults of every section (the seed protocol's defaults).
   *
   * @return the defaults
   */
  public static RollbackConfig ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Start a builder from the defaults.
   *
   * @return the builder
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Start a builder from another configuration.
   *
   * @param base the starting point
   * @return the builder
   */
  public static Builder from(RollbackConfig base) {
    return new Builder().checkpoint(base.checkpoint).recovery(base.recovery).storage(base.storage)
        .compression(base.compression).integrity(base.integrity).audit(base.audit).state(base.state);
  }

  /** Build a {@link RollbackConfig} from sections. Not thread-safe. */
  public static final class Builder {
    private CheckpointConfig checkpoint = CheckpointConfig.custom().build();
    private RecoveryConfig recovery = RecoveryConfig.custom().build();
    private StorageConfig storage = StorageConfig.custom().build();
    private CompressionConfig compression = CompressionConfig.ofDefaults();
    private IntegrityConfig integrity = IntegrityConfig.ofDefaults();
    private AuditConfig audit = AuditConfig.ofDefaults();
    private StateConfig state = StateConfig.ofDefaults();

    private Builder() {}

    /** Set the checkpoint section. @param value the section @return this */
    public Builder checkpoint(CheckpointConfig value) {
      checkpoint = Objects.requireNonNull(value, "checkpoint");
      return this;
    }

    /** Set the recovery section. @param value the section @return this */
    public Builder recovery(RecoveryConfig value) {
      recovery = Objects.requireNonNull(value, "recovery");
      return this;
    }

    /** Set the storage section. @param value the section @return this */
    public Builder storage(StorageConfig value) {
      storage = Objects.requireNonNull(value, "storage");
      return this;
    }

    /** Set the compression section. @param value the section @return this */
    public Builder compression(CompressionConfig value) {
      compression = Objects.requireNonNull(value, "compression");
      return this;
    }

    /** Set the integrity section. @param value the section @return this */
    public Builder integrity(IntegrityConfig value) {
      integrity = Objects.requireNonNull(value, "integrity");
      return this;
    }

    /** Set the audit section. @param value the section @return this */
    public Builder audit(AuditConfig value) {
      audit = Objects.requireNonNull(value, "audit");
      return this;
    }

    /** Set the state section. @param value the section @return this */
    public Builder state(StateConfig value) {
      state = Objects.requireNonNull(value, "state");
      return this;
    }

    /** @return the configuration */
    public RollbackConfig build() {
      return new RollbackConfig(checkpoint, recovery, storage, compression, integrity, audit, state);
    }
  }
}
