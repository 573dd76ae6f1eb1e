package dev.magnus.rollback.spi;

import java.util.Map;

/**
 * Migrate a state's attributes from one schema version to the next, on the JSON tree, when the engine
 * reads a checkpoint written before the state's shape changed (a field renamed, a map split in two).
 *
 * <p>Register one per step with {@link java.util.ServiceLoader}, the engine builder or, with
 * rollback-cdi, as a CDI bean. An engine at {@code state.schemaVersion} n needs the steps from the
 * oldest version still stored up to n: 1 to 2, 2 to 3, …; a missing step fails at engine start when
 * the registered steps leave a gap, else when a checkpoint needs it, naming both versions. The engine
 * verifies the stored bytes first and never writes the migrated state back over them; the audit log
 * records each upcast. Implementations must be stateless and thread-safe, and must not change their input.
 */
public interface StateUpcaster {
  /**
   * Return the version this step reads; it produces {@code fromVersion() + 1}.
   *
   * @return the version, at least 1
   */
  int fromVersion();

  /**
   * Migrate the attributes of one state.
   *
   * @param attributes the attributes at {@link #fromVersion()}: JSON values (unmodifiable maps and lists)
   * @return the attributes at {@code fromVersion() + 1}: JSON values (any maps and lists; they are copied)
   */
  Map<String, Object> upcast(Map<String, Object> attributes);
}
