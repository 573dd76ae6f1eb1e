package dev.magnus.rollback;

/**
 * Configure the audit log. Immutable.
 *
 * @param maxEntries entries kept in memory; older ones are dropped (a sink keeps them all)
 * @param sink {@code none}, or {@code jsonl:<file>} to append every entry to a JSON-lines file that
 *     {@code AuditFiles.verify} checks later; sinks given to the engine builder are added to it
 * @param stateUpdates audit every {@code Session.update} as STATE_UPDATED, naming the top-level keys it
 *     changed (never their values)
 */
public record AuditConfig(int maxEntries, String sink, boolean stateUpdates) {
  private static final AuditConfig DEFAULTS = new AuditConfig(10_000, "none", false);

  /**
   * Create a configuration that does not audit state updates.
   *
   * @param maxEntries entries kept in memory, at least 1
   * @param sink {@code none} or {@code jsonl:<file>}
   */
  public AuditConfig(int maxEntries, String sink) {
    this(maxEntries, sink, false);
  }

  /** Validate. */
  public AuditConfig {
    Checks.atLeast("audit.maxEntries", maxEntries, 1);
    Checks.notBlank("audit.sink", sink);
    if (!NONE.equals(sink) && !(sink.startsWith(JSONL) && sink.length() > JSONL.length())) {
      throw new IllegalArgumentException("audit.sink must be none or jsonl:<file>, was " + sink);
    }
  }

  /** The {@code sink} value for no sink. */
  public static final String NONE = "none";
  /** The prefix of a {@code sink} value naming a JSON-lines file. */
  public static final String JSONL = "jsonl:";

  /**
   * Return the file of a {@code jsonl:} sink.
   *
   * @return the file's path text, or empty for {@code none}
   */
  public java.util.Optional<String> jsonlFile() {
    return sink.startsWith(JSONL) ? java.util.Optional.of(sink.substring(JSONL.length())) : java.util.Optional.empty();
  }

  /**
   * Return this configuration with state updates audited or not.
   *
   * @param audited true to audit every update with the keys it changed
   * @return the configuration
   */
  public AuditConfig withStateUpdates(boolean audited) {
    return new AuditConfig(maxEntries, sink, audited);
  }

  /**
   * Return the defaults: 10,000 entries in memory, no sink, updates not audited.
   *
   * @return the defaults
   */
  public static AuditConfig ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Return a configuration keeping a given number of entries.
   *
   * @param maxEntries at least 1
   * @return the configuration
   */
  public static AuditConfig keeping(int maxEntries) {
    return new AuditConfig(maxEntries, DEFAULTS.sink);
  }
}
