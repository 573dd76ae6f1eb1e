package dev.magnus.rollback.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told to, for deterministic strategy tests. Thread-safe. */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;

  /**
   * Create a clock standing at an instant.
   *
   * @param start the initial instant
   */
  public ManualClock(Instant start) {
    now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /**
   * Move the clock forward.
   *
   * @param amount how far; not negative
   * @return the new instant
   */
  public Instant advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a manual clock only moves forward, was asked to move " + amount);
    }
    return now.updateAndGet(t -> t.plus(amount));
  }

  /**
   * Move the clock forward to an instant; an instant already passed leaves it where it is.
   *
   * @param target where to move
   * @return the new instant
   */
  public Instant advanceTo(Instant target) {
    Objects.requireNonNull(target, "target");
    return now.updateAndGet(t -> t.isBefore(target) ? target : t);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
