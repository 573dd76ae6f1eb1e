package dev.magnus.rollback.core;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The decoded patches of the delta records this engine appended, so that replaying a chain does not
 * parse and chain-hash again a record it reads back exactly as it was written.
 *
 * <p>A patch is recalled only for a record equal to the one appended (descriptor and stored bytes,
 * compared whole) whose parent's chain hash is the one the record was hashed with: then decoding
 * the bytes would give this patch and the chain hash check would pass, as both are functions of
 * exactly what was compared. A record damaged, rewritten or re-encrypted since is not equal and takes
 * the full path. Only patches are kept, never full states: they are small, and a session's
 * full snapshots would double the heap it holds. Entries go when retention deletes their checkpoints
 * or the session is deleted, and when they would hold more than {@link #BUDGET} (an estimate of their
 * heap): then half of them, in no particular order. Thread-safe.
 */
final class RecentPatches {
  /** Bytes of heap the entries may hold (estimated: the stored bytes, three times the raw patch, 512 per entry). */
  static final long BUDGET = 8L << 20;

  private record Entry(CheckpointRecord written, String parentChain, StatePatch.Delta patch, long weight) {}

  private final Map<CheckpointId, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong weight = new AtomicLong();
  private final long budget;
  private final DeltaDocument documents;

  RecentPatches(long budget, DeltaDocument documents) {
    this.budget = budget;
    this.documents = documents;
  }

  /**
   * Keep the patch (decoded without its tests, as a forward replay reads it) of a record just appended
   * after a parent with chain hash {@code parentChain}, when it is a delta.
   */
  void appended(CheckpointCodec.Encoded encoded, String parentChain) {
    byte[] delta = encoded.patch();
    if (delta != null) {
      remember(encoded.record(), parentChain, documents.decode(delta, false));
    }
  }

  private void remember(CheckpointRecord written, String parentChain, StatePatch.Delta patch) {
    long w = written.payloadLength() + 3 * written.checkpoint().rawSize() + 512;
    if (w > budget / 8) {
      return; // a large patch would push out many small ones; decoding it is cheap next to its size anyway
    }
    Entry previous = entries.put(written.checkpoint().id(), new Entry(written, parentChain, patch, w));
    weight.addAndGet(previous == null ? w : w - previous.weight()); // ids are random: a replacement is a retried append
    if (weight.get() > budget) {
      shrink();
    }
  }

  /**
   * Return the patch of {@code read} when it is the record appended, unchanged, and its parent's chain
   * hash (when known) is the one it was hashed with; else null.
   */
  StatePatch.@Nullable Delta recall(CheckpointRecord read, Optional<String> parentChain) {
    Entry e = entries.get(read.checkpoint().id());
    if (e == null || !e.written().equals(read) || parentChain.isPresent() && !parentChain.get().equals(e.parentChain())) {
      return null;
    }
    return e.patch();
  }

  /** Drop the entries of deleted checkpoints. */
  void drop(Collection<CheckpointId> ids) {
    for (CheckpointId id : ids) {
      Entry e = entries.get(id);
      if (e != null) {
        drop(id, e);
      }
    }
  }

  /** Drop the entries of a session (deleted: with encryption at rest, nothing of it stays readable). */
  void forget(String sessionId) {
    for (Map.Entry<CheckpointId, Entry> e : entries.entrySet()) {
      if (e.getValue().written().checkpoint().sessionId().equals(sessionId)) {
        drop(e.getKey(), e.getValue());
      }
    }
  }

  /** Return the estimated heap the entries hold. */
  long weight() {
    return weight.get();
  }

  int size() {
    return entries.size();
  }

  private void shrink() {
    Iterator<Map.Entry<CheckpointId, Entry>> it = entries.entrySet().iterator();
    while (weight.get() > budget / 2 && it.hasNext()) {
      Map.Entry<CheckpointId, Entry> e = it.next();
      drop(e.getKey(), e.getValue());
    }
  }

  /** Remove an entry unless another thread replaced or removed it meanwhile: the weight counts each entry once. */
  private void drop(CheckpointId id, Entry e) {
    if (entries.remove(id, e)) {
      weight.addAndGet(-e.weight());
    }
  }
}
