package dev.magnus.rollback.tck;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Deliberately broken stores whose bug is in one method's contract: validation skipped, another
 * session touched, a deleted id kept, a bound not declared, an interrupt that breaks the store.
 */
final class BrokenMethodStores {
  private BrokenMethodStores() {}

  /** Delete looks the session up without validating its id: an invalid one just finds nothing. */
  static final class DeleteSkipsValidation extends ReferenceStore {
    @Override
    public synchronized int delete(String sessionId, Collection<CheckpointId> toDelete) {
      return sessions.containsKey(sessionId) ? super.delete(sessionId, toDelete) : 0;
    }
  }

  /** deleteSession cuts a long id to the longest valid one instead of rejecting it. */
  static final class DeleteSessionCutsLongIds extends ReferenceStore {
    @Override
    public synchronized int deleteSession(String sessionId) {
      return super.deleteSession(sessionId.length() > 256 ? sessionId.substring(0, 256) : sessionId);
    }
  }

  /** appendThenDelete deletes the ids wherever they are, as {@code DELETE ... WHERE id IN (...)} would. */
  static final class AppendThenDeleteAcrossSessions extends ReferenceStore {
    @Override
    public synchronized int appendThenDelete(CheckpointRecord record, Collection<CheckpointId> deletes) {
      append(record);
      int n = 0;
      for (String s : new ArrayList<>(sessions.keySet())) {
        n += delete(s, deletes);
      }
      return n;
    }
  }

  /** appendThenDelete reports how many ids it was given, not how many it deleted. */
  static final class AppendThenDeleteCountsRequests extends ReferenceStore {
    @Override
    public synchronized int appendThenDelete(CheckpointRecord record, Collection<CheckpointId> deletes) {
      super.appendThenDelete(record, deletes);
      return deletes.size();
    }
  }

  /** Never frees a deleted id: it stays reserved, so appending it again conflicts. */
  static final class KeepsDeletedIdsReserved extends ReferenceStore {
    @Override
    void remove(NavigableMap<Long, CheckpointRecord> s, CheckpointRecord r) {
      String owner = ids.get(r.checkpoint().id());
      super.remove(s, r);
      ids.put(r.checkpoint().id(), owner);
    }
  }

  /** Caches records by id on read and serves the cache while the id is live, stale after a re-append. */
  static final class ServesStaleCachedRecords extends ReferenceStore {
    private final Map<CheckpointId, CheckpointRecord> cache = new HashMap<>();

    @Override
    public synchronized Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
      Optional<CheckpointRecord> live = super.read(sessionId, id);
      if (live.isEmpty()) {
        return live;
      }
      return Optional.of(cache.computeIfAbsent(id, k -> live.get()));
    }
  }

  /** Treats the upper bound of a sequence range as exclusive when listing newest first. */
  static final class UpperBoundExclusiveNewestFirst extends ReferenceStore {
    @Override
    public synchronized List<Checkpoint> list(String sessionId, CheckpointQuery query) {
      List<Checkpoint> all = super.list(sessionId, query.limit(Integer.MAX_VALUE));
      return all.stream().filter(c -> query.ascending() || c.sequence() < query.toSequence()).limit(query.limit())
          .toList();
    }
  }

  /** Keeps at most 32 MiB of payload and silently evicts the oldest, without declaring BOUNDED_MEMORY. */
  static final class EvictsSilently extends ReferenceStore {
    private static final long CAP = 32L * 1024 * 1024;
    private final List<CheckpointRecord> order = new ArrayList<>();
    private long held;

    @Override
    public synchronized void append(CheckpointRecord record) {
      super.append(record);
      order.add(record);
      held += record.payloadLength();
      while (held > CAP) {
        CheckpointRecord oldest = order.remove(0);
        held -= oldest.payloadLength();
        super.delete(oldest.checkpoint().sessionId(), List.of(oldest.checkpoint().id()));
      }
    }
  }

  /** Clears the caller's interrupt flag to protect its I/O, and never sets it again. */
  static final class SwallowsInterrupts extends ReferenceStore {
    @Override
    synchronized void ensureOpen() {
      Thread.interrupted();
      super.ensureOpen();
    }
  }

  /**
   * Writes every payload through one shared {@link FileChannel}: an interrupted caller closes it
   * (ClosedByInterruptException), and every later append fails for every thread.
   */
  static final class SharesOneFileChannel extends ReferenceStore {
    private final FileChannel channel;

    SharesOneFileChannel(Path dir) {
      try {
        channel = FileChannel.open(dir.resolve("payloads.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new StoreException("cannot open " + dir, e);
      }
    }

    @Override
    void persist(CheckpointRecord record) {
      try {
        channel.write(ByteBuffer.wrap(record.payload()), channel.size());
      } catch (IOException e) {
        throw new StoreException("cannot write checkpoint " + record.checkpoint().id() + ": " + e, e);
      }
    }

    @Override
    public synchronized void close() {
      super.close();
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /** Read looks the session up without validating its id. */
  static final class ReadSkipsValidation extends ReferenceStore {
    @Override
    public synchronized Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
      return sessions.containsKey(sessionId) ? super.read(sessionId, id) : Optional.empty();
    }
  }

  /** List trims the session id instead of rejecting a blank or padded one. */
  static final class ListTrimsSessionIds extends ReferenceStore {
    @Override
    public synchronized List<Checkpoint> list(String sessionId, CheckpointQuery query) {
      String trimmed = sessionId.strip();
      return trimmed.isEmpty() ? List.of() : super.list(trimmed.length() > 256 ? trimmed.substring(0, 256) : trimmed, query);
    }
  }

  /** Latest answers empty for an id it cannot store instead of rejecting it. */
  static final class LatestSkipsValidation extends ReferenceStore {
    @Override
    public synchronized Optional<Checkpoint> latest(String sessionId) {
      return sessions.containsKey(sessionId) ? super.latest(sessionId) : Optional.empty();
    }
  }

  /** Keeps a deleted (session, sequence) reserved, so the sequence cannot be appended again. */
  static final class KeepsDeletedSequencesReserved extends ReferenceStore {
    private final java.util.Set<String> deleted = new java.util.HashSet<>();

    @Override
    void remove(NavigableMap<Long, CheckpointRecord> s, CheckpointRecord r) {
      deleted.add(r.checkpoint().sessionId() + "#" + r.checkpoint().sequence());
      super.remove(s, r);
    }

    @Override
    boolean sequenceTaken(Checkpoint c) {
      return super.sequenceTaken(c) || deleted.contains(c.sessionId() + "#" + c.sequence());
    }
  }

  /** Reports group commits to its listeners and lets their exceptions escape, after the append is stored. */
  static final class ListenerFailureFailsAppend extends ReferenceStore {
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public boolean addListener(StoreListener listener) {
      listeners.add(listener);
      return true;
    }

    @Override
    public synchronized void append(CheckpointRecord record) {
      super.append(record);
      listeners.forEach(l -> l.groupCommitted(1));
    }
  }

  /** Says it reports events to listeners and never calls them. */
  static final class ClaimsListenersButReportsNothing extends ReferenceStore {
    @Override
    public boolean addListener(StoreListener listener) {
      return true;
    }
  }
}
