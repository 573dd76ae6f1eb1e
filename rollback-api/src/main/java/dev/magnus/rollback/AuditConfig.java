package dev.magnus.rollback;

/**
 * Configure the audit log. Immutable.
 *
 * @param maxEntries entries kept in memory; older ones are dropped (a sink keeps them all)
 * @param sink the name of an audit sink provider, or {@code none}
 */
public record AuditConfig(int maxEntries, String sink) {
  private static final AuditConfig DEFAULTS = new AuditConfig(10_000, "none");

  /** Validate. */
  public AuditConfig {
    Checks.atLeast("audit.maxEntries", maxEntries, 1);
    Checks.notBlank("audit.sink", sink);
  }

  /**
   * Return the defaults: 10,000 entries in memory, no sink.
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
