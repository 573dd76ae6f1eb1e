package dev.magnus.rollback;

/**
 * Configure delta checkpoints: a checkpoint whose parent's state the engine holds is stored as a
 * JSON Patch (RFC 6902) against that state instead of the whole state. Immutable.
 *
 * <p>A full snapshot is written instead when the patch would be larger than {@code maxRatio} of the
 * full encoding, when {@code maxChain} deltas already lead back to the last full snapshot (so a
 * restore reads at most {@code maxChain + 1} records), for SESSION_START, and whenever the engine
 * does not hold its parent's state as stored (after an upcast, say). Checkpoints written with deltas
 * on carry the labels {@link Checkpoint#ENCODING} and, for a delta, {@link Checkpoint#BASE}; their
 * state hash is the tree form over the full state ({@link Checkpoint#ENCODING} describes it).
 * Retention never deletes a base that a kept checkpoint still needs: when it would have to, the new
 * checkpoint is written as a full snapshot that also holds the patch from its parent, so that the
 * kept deltas before it can be rebuilt backwards from it, and the old bases go with that append.
 *
 * @param enabled write deltas (YAML {@code checkpoint.delta.enabled})
 * @param maxChain at most this many deltas in a row before a full snapshot, at least 1 (YAML
 *     {@code checkpoint.delta.maxChain})
 * @param maxRatio write a full snapshot when the delta's encoding exceeds this fraction of the full
 *     state's, in (0, 1] (YAML {@code checkpoint.delta.maxRatio})
 */
public record DeltaConfig(boolean enabled, int maxChain, double maxRatio) {
  private static final DeltaConfig DEFAULTS = new DeltaConfig(false, 16, 0.5);

  /**
   * Validate.
   *
   * @throws IllegalArgumentException naming the option and the value when {@code maxChain} is below 1
   *     or {@code maxRatio} is not in (0, 1]
   */
  public DeltaConfig {
    Checks.atLeast("checkpoint.delta.maxChain", maxChain, 1);
    if (!(maxRatio > 0 && maxRatio <= 1)) {
      throw new IllegalArgumentException("checkpoint.delta.maxRatio is " + maxRatio
          + ", expected a number greater than 0 and at most 1 (for example 0.5)");
    }
  }

  /**
   * Return the defaults: deltas off (every checkpoint stores the whole state); when switched on, at
   * most 16 in a row and a full snapshot when a delta exceeds half of the full state.
   *
   * @return the defaults
   */
  public static DeltaConfig ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Return the defaults with deltas on.
   *
   * @return deltas on, 16 in a row at most, half the full state at most
   */
  public static DeltaConfig on() {
    return DEFAULTS.withEnabled(true);
  }

  /**
   * Return this configuration with deltas switched on or off.
   *
   * @param on the switch
   * @return the configuration
   */
  public DeltaConfig withEnabled(boolean on) {
    return new DeltaConfig(on, maxChain, maxRatio);
  }
}
