package dev.magnus.rollback;

/**
 * Configure the shape of the state: the application's own schema version. Immutable.
 *
 * <p>Every checkpoint records the schema version its state was written with. When the engine reads a
 * checkpoint of an older version (restore, resume, rollback, recovery), registered
 * {@link dev.magnus.rollback.spi.StateUpcaster}s migrate its attributes step by step (n to n+1) up to
 * {@code schemaVersion}, after its integrity was verified on the stored bytes; the stored bytes are
 * never rewritten. A checkpoint of a newer version is refused. This is the application's version,
 * separate from the state codec's own format version.
 *
 * @param schemaVersion the version of the state this engine writes and expects, at least 1 (default 1)
 */
public record StateConfig(int schemaVersion) {
  private static final StateConfig DEFAULTS = new StateConfig(1);

  /** Validate. */
  public StateConfig {
    Checks.atLeast("state.schemaVersion", schemaVersion, 1);
  }

  /**
   * Return the defaults: schema version 1.
   *
   * @return the defaults
   */
  public static StateConfig ofDefaults() {
    return DEFAULTS;
  }
}
