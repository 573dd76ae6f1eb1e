package dev.magnus.rollback.spi;

/** Name what a store guarantees beyond the basic contract; the TCK runs the matching cases. */
public enum StoreCapability {
  /** Appends are durable when append returns: they survive a process crash and a reopen. */
  DURABLE,
  /** Several processes or nodes may use the store at once; conflicts are detected across them. */
  SHARED,
  /** Deletes are recorded as tombstones and survive a reopen. */
  TOMBSTONES,
  /** The store enforces a memory bound and fails appends beyond it with a clear error. */
  BOUNDED_MEMORY
}
