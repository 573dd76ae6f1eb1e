package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Deliberately broken stores: each one is the reference store with one realistic bug. */
final class BrokenStores {
  private BrokenStores() {}

  /** Sorts by checkpoint id instead of sequence: "-10" comes before "-2". */
  static final class SortsById extends ReferenceStore {
    @Override
    public synchronized List<Checkpoint> list(String sessionId, CheckpointQuery query) {
      List<Checkpoint> all = new ArrayList<>(super.list(sessionId, query.limit(Integer.MAX_VALUE)));
      all.sort(Comparator.comparing(Checkpoint::id, query.ascending() ? Comparator.naturalOrder() : Comparator.reverseOrder()));
      return all.subList(0, Math.min(query.limit(), all.size()));
    }
  }

  /** Ignores newest-first: always ascending. */
  static final class IgnoresNewestFirst extends ReferenceStore {
    @Override
    public synchronized List<Checkpoint> list(String sessionId, CheckpointQuery query) {
      return super.list(sessionId, new CheckpointQuery(query.types(), query.fromSequence(), query.toSequence(),
          query.limit(), true));
    }
  }

  /** Keeps payloads as views of one reused scratch buffer, so each append overwrites earlier payloads. */
  static final class ReusesScratchBuffer extends ReferenceStore {
    private final byte[] scratch = new byte[64 * 1024];
    private final Map<CheckpointId, ByteBuffer> views = new HashMap<>();

    @Override
    public synchronized void append(CheckpointRecord record) {
      super.append(record);
      byte[] bytes = record.payload();
      if (bytes.length <= scratch.length) {
        System.arraycopy(bytes, 0, scratch, 0, bytes.length);
        views.put(record.checkpoint().id(), ByteBuffer.wrap(scratch, 0, bytes.length).slice());
      }
    }

    @Override
    public synchronized Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
      return super.read(sessionId, id).map(r -> {
        ByteBuffer view = views.get(id);
        if (view == null) {
          return r;
        }
        byte[] bytes = new byte[view.remaining()];
        view.duplicate().get(bytes);
        return new CheckpointRecord(r.checkpoint(), bytes);
      });
    }
  }

  /** Caches the full listing and hands out the cached list itself. */
  static final class HandsOutLiveList extends ReferenceStore {
    private final Map<String, List<Checkpoint>> cache = new HashMap<>();

    @Override
    public synchronized void append(CheckpointRecord record) {
      super.append(record);
      cache.computeIfAbsent(record.checkpoint().sessionId(), k -> new ArrayList<>()).add(record.checkpoint());
    }

    @Override
    public synchronized List<Checkpoint> list(String sessionId, CheckpointQuery query) {
      List<Checkpoint> cached = cache.get(sessionId);
      return query.equals(CheckpointQuery.all()) && cached != null ? cached : super.list(sessionId, query);
    }
  }

  /** Hands out a live view of its session keys. */
  static final class HandsOutLiveSessions extends ReferenceStore {
    @Override
    public synchronized Set<String> sessions() {
      ensureOpen();
      return sessions.keySet();
    }
  }

  /** Never checks the sequence, so a second writer silently overwrites the first. */
  static final class AcceptsDuplicateSequence extends ReferenceStore {
    @Override
    boolean sequenceTaken(Checkpoint c) {
      return false;
    }
  }

  /**
   * Checks for a conflict, then inserts, without holding a lock in between: the classic check-then-act
   * race. The window is held open with a barrier so that two racing appends both pass the check.
   */
  static final class CheckThenActRace extends ReferenceStore {
    private final CyclicBarrier window = new CyclicBarrier(2);

    @Override
    public void append(CheckpointRecord record) {
      synchronized (this) {
        ensureOpen();
        if (ids.containsKey(record.checkpoint().id()) || super.sequenceTaken(record.checkpoint())) {
          throw new dev.magnus.rollback.CheckpointConflictException("conflict");
        }
      }
      holdWindowOpen();
      synchronized (this) {
        ids.put(record.checkpoint().id(), record.checkpoint().sessionId());
        sessions.computeIfAbsent(record.checkpoint().sessionId(), k -> new java.util.TreeMap<>())
            .put(record.checkpoint().sequence(), record);
      }
    }

    private void holdWindowOpen() {
      try {
        window.await(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | BrokenBarrierException alone) {
        window.reset();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Reports deletions but removes nothing. */
  static final class IgnoresDelete extends ReferenceStore {
    @Override
    void remove(NavigableMap<Long, CheckpointRecord> s, CheckpointRecord r) {
      // the bug: nothing is removed
    }
  }

  /** Folds session ids to lower case, so "Abc" and "abc" share one session. */
  static final class FoldsCase extends ReferenceStore {
    @Override
    String key(String sessionId) {
      return super.key(sessionId).toLowerCase(Locale.ROOT);
    }
  }

  /** Keeps working after close. */
  static final class IgnoresClose extends ReferenceStore {
    @Override
    synchronized void ensureOpen() {
      // the bug: close is not enforced
    }
  }

  /** Counts payload bytes on append but never subtracts deleted ones. */
  static final class StatsNeverShrink extends ReferenceStore {
    private long appended;

    @Override
    public synchronized void append(CheckpointRecord record) {
      super.append(record);
      appended += record.payloadLength();
    }

    @Override
    public synchronized StoreStats stats() {
      StoreStats s = super.stats();
      return new StoreStats(s.sessions(), s.checkpoints(), appended, s.corruptions(), s.extra());
    }
  }

  /** Throws for a session it has never seen instead of answering empty. */
  static final class ThrowsOnUnknownSession extends ReferenceStore {
    @Override
    public synchronized List<Checkpoint> list(String sessionId, CheckpointQuery query) {
      if (!sessions.containsKey(key(sessionId))) {
        throw new NoSuchElementException("no session " + sessionId);
      }
      return super.list(sessionId, query);
    }

    @Override
    public synchronized Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
      if (!sessions.containsKey(key(sessionId))) {
        throw new NoSuchElementException("no session " + sessionId);
      }
      return super.read(sessionId, id);
    }
  }

  /** Finds a checkpoint by id in any session, ignoring the session asked for. */
  static final class ReadsAcrossSessions extends ReferenceStore {
    @Override
    public synchronized Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
      ensureOpen();
      key(sessionId);
      return sessions.values().stream().flatMap(s -> s.values().stream())
          .filter(r -> r.checkpoint().id().equals(id)).findFirst();
    }
  }

  /** Silently cuts payloads to 1 MiB, as a store with a fixed-size frame might. */
  static final class CutsLargePayloads extends ReferenceStore {
    private static final int FRAME = 1024 * 1024;

    @Override
    public synchronized Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
      return super.read(sessionId, id).map(r -> r.payloadLength() <= FRAME ? r
          : new CheckpointRecord(r.checkpoint(), java.util.Arrays.copyOf(r.payload(), FRAME)));
    }
  }

  /** Writes a marker file per session named by the raw session id: path traversal escapes its directory. */
  static final class UsesRawIdsAsFileNames extends ReferenceStore {
    private final Path dir;

    UsesRawIdsAsFileNames(Path dir) {
      this.dir = dir;
    }

    @Override
    public synchronized void append(CheckpointRecord record) {
      super.append(record);
      Path marker = dir.resolve(record.checkpoint().sessionId().replaceFirst("^/+", "") + ".session").normalize();
      Path jail = dir.getParent().getParent();
      if (marker.startsWith(jail) && !Files.exists(marker)) {
        try {
          Files.createDirectories(marker.getParent());
          Files.createFile(marker);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** Deletes through any session: ignores which session the ids are deleted from. */
  static final class DeletesAcrossSessions extends ReferenceStore {
    @Override
    public synchronized int delete(String sessionId, Collection<CheckpointId> toDelete) {
      int n = 0;
      for (String s : new ArrayList<>(sessions.keySet())) {
        n += super.delete(s, toDelete);
      }
      return n;
    }
  }
}
