package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A session's live checkpoints, oldest first, in one array whose live part may start past its front:
 * retention deletes the oldest checkpoints, and removing them moves that start instead of copying every
 * later checkpoint down (an {@code ArrayList} moves the whole session for each deletion from its front).
 * Appending at the end is amortized constant time. Positions are logical (0 = oldest). Not thread-safe:
 * the owning {@link SessionHead} is guarded by its session's lock.
 */
final class LiveCheckpoints extends AbstractList<Checkpoint> implements RandomAccess {
  private Checkpoint[] items = new Checkpoint[4];
  /** The slot of position 0; the live checkpoints fill {@code items[start, start + size)}. */
  private int start;
  private int size;

  @Override
  public Checkpoint get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("position " + index + " of " + size + " live checkpoints");
    }
    return items[start + index];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean add(Checkpoint c) {
    if (start + size == items.length) {
      makeRoom();
    }
    items[start + size++] = c;
    modCount++;
    return true;
  }

  /** Replace the contents with {@code checkpoints}, oldest first. */
  void replaceWith(List<Checkpoint> checkpoints) {
    items = checkpoints.toArray(new Checkpoint[Math.max(4, checkpoints.size() + 2)]);
    start = 0;
    size = checkpoints.size();
    modCount++;
  }

  /**
   * Remove the checkpoints among the first {@code end} that {@code doomed} accepts, handing each to
   * {@code removed}; return how many went. The survivors of that prefix move up against the rest and the
   * start moves past the freed slots, so the cost is that prefix's length, not the session's.
   */
  int removeWithin(int end, Predicate<Checkpoint> doomed, Consumer<Checkpoint> removed) {
    if (end < 0 || end > size) {
      throw new IndexOutOfBoundsException("prefix of " + end + " among " + size + " live checkpoints");
    }
    int write = start + end;
    for (int read = start + end - 1; read >= start; read--) {
      Checkpoint c = items[read];
      if (doomed.test(c)) {
        removed.accept(c);
      } else {
        items[--write] = c;
      }
    }
    int gone = write - start;
    Arrays.fill(items, start, write, null);
    start = write;
    size -= gone;
    if (gone > 0) {
      modCount++;
    }
    return gone;
  }

  /**
   * Free the slot after the last checkpoint: move the checkpoints to the front when at least half the
   * array lies before them (each such move follows as many removals from the front as it copies), else grow.
   */
  private void makeRoom() {
    if (start > 0 && size <= items.length / 2) {
      System.arraycopy(items, start, items, 0, size);
      Arrays.fill(items, size, start + size, null);
    } else {
      items = Arrays.copyOfRange(items, start, start + size + (size >> 1) + 1);
    }
    start = 0;
  }
}
