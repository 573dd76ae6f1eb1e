package dev.magnus.rollback.spi;

/**
 * Receive a store's own events, beyond what its {@link CheckpointStore} methods show: how many operations
 * shared one durable write, how long forcing data to disk took. Register one with
 * {@link CheckpointStore#addListener}. Every method has an empty default.
 *
 * <p>Called on the store's writing thread, often while other callers wait for the same write: keep it
 * fast (update a counter or a histogram) and thread-safe. An exception it throws is logged by the store
 * and never fails the operation.
 */
public interface StoreListener {
  /**
   * Handle one group commit: operations from one or more callers written (and, under a durable policy,
   * forced) together.
   *
   * @param operations the appends and deletions in the group, at least 1
   */
  default void groupCommitted(int operations) {}

  /**
   * Handle one force of written data to the storage device.
   *
   * @param nanos how long the force took, in nanoseconds
   */
  default void forced(long nanos) {}
}
