package dev.magnus.rollback.store.file;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.store.file.Codec.Seal;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keep deletions that damage may have taken with it from being undone: recovery's rule 6 (FORMAT.md
 * section 7).
 *
 * <p>Design: when records of unknown type were lost in a segment, one of them may have been a
 * tombstone or session delete. If the segment's seal survived, its deletion summary says exactly what
 * the segment's markers deleted; whatever the intact markers do not account for is applied here
 * ({@link #applySeal}). Otherwise the place is a <em>suspicion</em> ({@link #suspect}): after replay,
 * every live checkpoint that a lost marker there could have deleted — of the sessions the manifest
 * lists for the segment (every session if unknown), held in an older segment or earlier in the same
 * one — is <em>withheld</em> ({@link #withholdSuspects}): counted and reported as corruption, removed
 * from the index on a read-only open, and left for the store to tombstone on a writable one.
 * Runs on the opening thread only; not thread-safe.
 */
final class LostDeletions {
  private static final System.Logger LOG = System.getLogger(LostDeletions.class.getName());

  /** Count and describe damage: lost or withheld checkpoints and a sentence. */
  interface Reporter {
    void report(long lost, String message);
  }

  /** A place where deletion markers may have been lost: segment, offset bound, sessions (null: any). */
  private record Suspicion(long segment, long before, @Nullable Set<String> sessions) {}

  private final CheckpointIndex index;
  private final boolean readOnly;
  private final Reporter reporter;
  private final List<Suspicion> suspicions = new ArrayList<>();
  /** Session to the checkpoints withheld or whose lost deletion was re-applied. */
  final Map<String, Set<CheckpointId>> withheld = new LinkedHashMap<>();

  LostDeletions(CheckpointIndex index, boolean readOnly, Reporter reporter) {
    this.index = index;
    this.readOnly = readOnly;
    this.reporter = reporter;
  }

  /** Remember that markers of segment {@code id} before offset {@code before} may be lost. */
  void suspect(long id, Manifest.@Nullable Entry expected, long before) {
    Set<String> sessions = expected == null ? null : expected.markerSessions();
    if (sessions == null || !sessions.isEmpty()) {
      suspicions.add(new Suspicion(id, before, sessions));
    }
  }

  /** The seal of a damaged segment survived: apply the deletions the intact markers do not account for. */
  void applySeal(Segment seg, Seal seal) {
    for (Map.Entry<String, List<CheckpointId>> d : seal.deletions().entrySet()) {
      String session = d.getKey();
      boolean recoveredWhole = seg.deletions.containsKey(session) && seg.deletions.get(session) == null;
      if (recoveredWhole) {
        continue;
      }
      if (d.getValue() == null) {
        withholdOlder(session, seg.id, Long.MAX_VALUE, "a damaged session delete in " + seg);
        continue;
      }
      List<CheckpointId> recovered = seg.deletions.getOrDefault(session, List.of());
      for (CheckpointId id : d.getValue()) {
        CheckpointIndex.Entry e = index.get(session, id);
        if (!recovered.contains(id) && e != null && e.segment.id <= seg.id) {
          reapply(session, id, seg);
        }
      }
    }
  }

  private void reapply(String session, CheckpointId id, Segment seg) {
    if (readOnly) {
      index.remove(session, id);
    }
    withheld.computeIfAbsent(session, k -> new LinkedHashSet<>()).add(id);
    LOG.log(Level.WARNING, "applied the deletion of checkpoint {0} (session ''{1}'') recorded in the seal of {2}: "
        + "its tombstone was damaged", id, session, seg);
  }

  /** After replay: withhold what each suspicion's lost markers could have deleted. */
  void withholdSuspects() {
    for (Suspicion lost : suspicions) {
      Set<String> sessions = lost.sessions() == null ? index.sessionIds() : lost.sessions();
      for (String session : sessions) {
        withholdOlder(session, lost.segment(), lost.before(), "damage in " + SegmentFiles.name(lost.segment())
            + " that may have taken a deletion record of this session with it");
      }
    }
  }

  /** Withhold the live checkpoints of a session held in older segments, or in segment {@code id} before an offset. */
  private void withholdOlder(String session, long id, long before, String why) {
    List<CheckpointIndex.Entry> affected = new ArrayList<>();
    for (Checkpoint c : index.list(session, CheckpointQuery.all())) {
      CheckpointIndex.Entry e = index.get(session, c.id());
      boolean known = withheld.getOrDefault(session, Set.of()).contains(c.id());
      if (!known && (e.segment.id < id || (e.segment.id == id && e.offset < before))) {
        affected.add(e);
      }
    }
    if (affected.isEmpty()) {
      return;
    }
    if (readOnly) {
      affected.forEach(e -> index.remove(session, e.checkpoint.id()));
    }
    affected.forEach(e -> withheld.computeIfAbsent(session, k -> new LinkedHashSet<>()).add(e.checkpoint.id()));
    reporter.report(affected.size(), "session '" + session + "': " + affected.size() + " checkpoint(s) withheld "
        + "because of " + why + " (they may have been deleted); " + (readOnly ? "not served" : "tombstoned") + ": "
        + affected.stream().map(e -> e.checkpoint.id().value()).toList());
  }
}
