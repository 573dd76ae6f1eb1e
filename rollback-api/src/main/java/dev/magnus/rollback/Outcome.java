package dev.magnus.rollback;

/** Say how an audited operation or a recovery ended. */
public enum Outcome {
  /** Everything asked for was done. */
  SUCCESS,
  /** Part was done: for example recovery restored a checkpoint but a step could not be replayed. */
  PARTIAL,
  /** Nothing took effect. */
  FAILURE
}
