package dev.magnus.rollback.store.file;

/**
 * Choose when the file store forces written records to the disk.
 *
 * <p>Option value {@code storage.options.file.fsync} is the lower-case name.
 */
public enum FsyncPolicy {
  /**
   * Acknowledge an append only after a {@code FileChannel.force} covering it returned (the default).
   * Appends that arrive while a force runs share the next force (group commit), so concurrent writers
   * get durable acknowledgements at far more appends per second than one writer.
   */
  ALWAYS,
  /**
   * Acknowledge an append once it is written to the operating system, and force every
   * {@code fsyncIntervalMs}. A process crash loses nothing acknowledged; an operating-system crash or
   * power loss can lose the appends acknowledged in the last interval (plus one batch).
   */
  INTERVAL,
  /**
   * Never force data (only file creations, renames and deletions are forced). Survives a process
   * crash; an operating-system crash or power loss can lose any acknowledged append not yet written
   * back by the operating system.
   */
  NONE;

  /**
   * Return the option value of this policy.
   *
   * @return {@code always}, {@code interval} or {@code none}
   */
  public String optionValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
