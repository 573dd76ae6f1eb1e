package dev.magnus.rollback.tck;

/** What a {@link VirtualScheduler} learns from the context that owns it. */
interface SchedulerProbe {
  /** Scripted step actions running now, hung ones included. */
  int running();

  /** Scripted actions blocked in a hang now. */
  int hanging();

  /** Grows each time a scripted action starts hanging. */
  int hangs();

  /** The thread running the recovery, or null when unknown. */
  Thread recovering();

  /** True once the recovery has returned. */
  boolean finished();

  /** True once the recovering thread was interrupted during this recovery (reset when one starts). */
  boolean interrupted();

  /** Note that the recovering thread was interrupted, or seen with its flag set. */
  void noteInterrupt();
}
