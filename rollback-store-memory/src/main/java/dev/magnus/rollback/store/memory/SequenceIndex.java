package dev.magnus.rollback.store.memory;

import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One session's records, sorted by sequence, in one array: a lookup is a binary search, an append at
 * the end (the usual case) a store into the next slot, and removing the oldest records (what retention
 * does) moves where the live records start instead of copying the rest down. Per checkpoint it costs one
 * array slot, where a {@code TreeMap<Long, …>} and a {@code HashMap<CheckpointId, Long>} cost two map
 * entries and two boxed sequences (about 130 bytes). Positions are logical (0 = lowest sequence). Not
 * thread-safe: the store guards each instance with its monitor.
 */
final class SequenceIndex {
  private CheckpointRecord[] records = new CheckpointRecord[4];
  /** The slot of position 0; the live records fill {@code records[start, start + size)}. */
  private int start;
  private int size;

  int size() {
    return size;
  }

  /** Return the record at {@code sequence}, or null. */
  @Nullable CheckpointRecord get(long sequence) {
    int at = find(sequence);
    return at >= 0 ? records[start + at] : null;
  }

  /** Add a record whose sequence is free (the caller checked with {@link #get}). */
  void add(CheckpointRecord record) {
    int at = -find(sequenceOf(record)) - 1;
    if (start + size == records.length) {
      makeRoom();
    }
    System.arraycopy(records, start + at, records, start + at + 1, size - at);
    records[start + at] = record;
    size++;
  }

  /**
   * Free the slot after the last record: move the records to the front when at least half the array lies
   * before them (each such move follows as many removals from the front as it copies), else grow.
   */
  private void makeRoom() {
    if (start > 0 && size <= records.length / 2) {
      System.arraycopy(records, start, records, 0, size);
      Arrays.fill(records, size, start + size, null);
    } else {
      CheckpointRecord[] grown = new CheckpointRecord[size + (size >> 1) + 1];
      System.arraycopy(records, start, grown, 0, size);
      records = grown;
    }
    start = 0;
  }

  /** Return the record at position {@code i} (0 = lowest sequence). */
  CheckpointRecord at(int i) {
    return records[start + i];
  }

  /** Return the position of the first record whose sequence is at least {@code sequence}. */
  int ceiling(long sequence) {
    int at = find(sequence);
    return at >= 0 ? at : -at - 1;
  }

  /** Return the position of the record at {@code sequence}, or a negative number when there is none. */
  int indexOf(long sequence) {
    return find(sequence);
  }

  /**
   * Remove the records at {@code positions} (ascending, distinct), handing each to {@code removed}; return
   * how many went. The oldest records leading {@code positions} are dropped by moving the start past them;
   * the records after the first of the others move down to close the gaps; no other record is read.
   */
  int removeAt(int[] positions, java.util.function.Consumer<CheckpointRecord> removed) {
    int front = 0;
    while (front < positions.length && positions[front] == front) {
      removed.accept(records[start + front]);
      records[start + front] = null;
      front++;
    }
    start += front;
    size -= front;
    if (front == positions.length) {
      shrinkIfSparse();
      return front;
    }
    int write = positions[front] - front;
    for (int k = front; k < positions.length; k++) {
      removed.accept(records[start + positions[k] - front]);
      int from = positions[k] - front + 1;
      int to = k + 1 < positions.length ? positions[k + 1] - front : size;
      System.arraycopy(records, start + from, records, start + write, to - from);
      write += to - from;
    }
    return front + truncate(write);
  }

  /** Remove every record, handing each to {@code removed}; return how many went. */
  int clear(java.util.function.Consumer<CheckpointRecord> removed) {
    for (int i = 0; i < size; i++) {
      removed.accept(records[start + i]);
    }
    return truncate(0);
  }

  /** Drop the positions from {@code kept} on (shrinking the array when it is mostly empty); return how many went. */
  private int truncate(int kept) {
    int gone = size - kept;
    Arrays.fill(records, start + kept, start + size, null);
    size = kept;
    shrinkIfSparse();
    return gone;
  }

  /** Copy the records into a smaller array, from its front, when they fill less than a quarter of this one. */
  private void shrinkIfSparse() {
    if (records.length > 8 && size < records.length / 4) {
      records = Arrays.copyOfRange(records, start, start + Math.max(4, size * 2));
      start = 0;
    }
  }

  private int find(long sequence) {
    int low = 0;
    int high = size - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long s = sequenceOf(records[start + mid]);
      if (s < sequence) {
        low = mid + 1;
      } else if (s > sequence) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  private static long sequenceOf(CheckpointRecord record) {
    return record.checkpoint().sequence();
  }
}
