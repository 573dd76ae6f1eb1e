package dev.magnus.rollback.spi;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

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

  /**
   * Create a step from a function: {@code StateUpcaster.of(1, a -> rename(a, "name", "fullName"))}.
   *
   * @param fromVersion the version the step reads, at least 1
   * @param step from the attributes at {@code fromVersion} to those at {@code fromVersion + 1}
   * @return the step
   */
  static StateUpcaster of(int fromVersion, UnaryOperator<Map<String, Object>> step) {
    Objects.requireNonNull(step, "step");
    if (fromVersion < 1) {
      throw new IllegalArgumentException("an upcaster's fromVersion must be >= 1, was " + fromVersion);
    }
    return new StateUpcaster() {
      @Override
      public int fromVersion() {
        return fromVersion;
      }

      @Override
      public Map<String, Object> upcast(Map<String, Object> attributes) {
        return step.apply(attributes);
      }

      @Override
      public String toString() {
        return "StateUpcaster[" + fromVersion + " -> " + (fromVersion + 1) + "]";
      }
    };
  }
}
