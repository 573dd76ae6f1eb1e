package dev.magnus.rollback.store.memory;

import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.Arrays;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One session's records, sorted by sequence, in one array: a lookup is a binary search, an append at
 * the end (the usual case) a store into the next slot. Per checkpoint it costs one array slot, where a
 * {@code TreeMap<Long, …>} and a {@code HashMap<CheckpointId, Long>} cost two map entries and two boxed
 * sequences (about 130 bytes). Not thread-safe: the store guards each instance with its monitor.
 */
final class SequenceIndex {
  private CheckpointRecord[] records = new CheckpointRecord[4];
  private int size;

  int size() {
    return size;
  }

  /** Return the record at {@code sequence}, or null. */
  @Nullable CheckpointRecord get(long sequence) {
    int at = find(sequence);
    return at >= 0 ? records[at] : null;
  }

  /** Add a record whose sequence is free (the caller checked with {@link #get}). */
  void add(CheckpointRecord record) {
    int at = -find(sequenceOf(record)) - 1;
    if (size == records.length) {
      records = Arrays.copyOf(records, size + (size >> 1) + 1);
    }
    System.arraycopy(records, at, records, at + 1, size - at);
    records[at] = record;
    size++;
  }

  /** Return the record at position {@code i} (0 = lowest sequence). */
  CheckpointRecord at(int i) {
    return records[i];
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
   * how many went. Moves the records after the first position down; reads no others.
   */
  int removeAt(int[] positions, java.util.function.Consumer<CheckpointRecord> removed) {
    if (positions.length == 0) {
      return 0;
    }
    int write = positions[0];
    for (int k = 0; k < positions.length; k++) {
      removed.accept(records[positions[k]]);
      int from = positions[k] + 1;
      int to = k + 1 < positions.length ? positions[k + 1] : size;
      System.arraycopy(records, from, records, write, to - from);
      write += to - from;
    }
    return truncate(write);
  }

  /** Remove the records {@code doomed} accepts, handing each to {@code removed}; return how many went. */
  int removeIf(Predicate<CheckpointRecord> doomed, java.util.function.Consumer<CheckpointRecord> removed) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      CheckpointRecord r = records[i];
      if (doomed.test(r)) {
        removed.accept(r);
      } else {
        records[kept++] = r;
      }
    }
    return truncate(kept);
  }

  /** Drop the slots from {@code kept} on (shrinking the array when it is mostly empty); return how many went. */
  private int truncate(int kept) {
    int gone = size - kept;
    Arrays.fill(records, kept, size, null);
    size = kept;
    if (records.length > 8 && size < records.length / 4) {
      records = Arrays.copyOf(records, Math.max(4, size * 2));
    }
    return gone;
  }

  private int find(long sequence) {
    int low = 0;
    int high = size - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long s = sequenceOf(records[mid]);
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
