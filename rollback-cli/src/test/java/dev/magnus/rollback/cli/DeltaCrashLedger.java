package dev.magnus.rollback.cli;

import static dev.magnus.rollback.cli.DeltaCrashChild.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.Verification;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What {@link DeltaKillNineTest}'s children acknowledged, and the check of a store against it after a
 * kill. A checkpoint leaves the ledger when a child reports it deleted by retention ({@code GONE}), or
 * when the call the kill cut short wrote a later checkpoint and so may have deleted it; any other
 * acknowledged checkpoint must be in the store and read back, verified, with the acknowledged state.
 */
final class DeltaCrashLedger {
  private static final Verification VERIFY = Verification.of(DeltaCrashChild.config(), Map.of());

  /** One acknowledged checkpoint as the child printed it. */
  record Ack(CheckpointId id, long sequence, String kind, String stateHash, String jsonHash) {
    static Ack parse(String field) {
      String[] p = field.split(":");
      return new Ack(CheckpointId.of(p[1]), Long.parseLong(p[2]), p[3], p[4], p[5]);
    }
  }

  private final Map<CheckpointId, Ack> expected = new LinkedHashMap<>();
  private final Map<String, Long> acknowledgedByKind = new TreeMap<>();
  private final Map<String, Long> keptByKind = new TreeMap<>();
  private @Nullable Ack newest;
  private long acknowledged;
  private long rolledBack;
  private long rebuiltBackwards;
  private long deletedByCutCall;
  private long unacknowledgedHeads;

  /** Take one line of a child's output; return whether it was a complete call (ended with {@code END}). */
  boolean accept(String line) {
    String[] fields = line.split(" ");
    if (fields.length < 3 || !fields[0].equals("CALL") || !fields[fields.length - 1].equals("END")) {
      return false;
    }
    for (int i = 1; i < fields.length - 1; i++) {
      if (fields[i].startsWith("ACK:")) {
        acknowledge(Ack.parse(fields[i]));
      } else {
        expected.remove(CheckpointId.of(fields[i].substring("GONE:".length())));
      }
    }
    rolledBack += fields.length > 3 && fields[2].startsWith("ACK:") ? 1 : 0;
    return true;
  }

  private void acknowledge(Ack ack) {
    expected.put(ack.id(), ack);
    acknowledgedByKind.merge(ack.kind(), 1L, Long::sum);
    acknowledged++;
    if (newest == null || ack.sequence() > newest.sequence()) {
      newest = ack;
    }
  }

  long acknowledged() {
    return acknowledged;
  }

  /** Check the store after a kill, then resume the session from it with an engine; fail naming what is wrong. */
  void check(Path dir, String at) {
    Optional<String> headState;
    try (CheckpointStore store = FileStores.open(dir)) {
      assertEquals(0, store.stats().corruptions(), at + ": corruptions");
      List<Checkpoint> live = store.list(SESSION, CheckpointQuery.all());
      assertEquals(List.of(), VERIFY.verifySession(store, SESSION), () -> at + ": every kept checkpoint restorable; "
          + "kept: " + describe(live));
      boolean laterUnacknowledged = checkHead(live, at);
      Map<CheckpointId, Checkpoint> byId = live.stream().collect(Collectors.toMap(Checkpoint::id, Function.identity()));
      checkAcknowledged(store, byId, laterUnacknowledged, at);
      count(live, byId);
      headState = live.isEmpty() ? Optional.empty()
          : Optional.of(DeltaCrashChild.jsonHash(verified(store, live.get(live.size() - 1).id(), at).state()));
    }
    headState.ifPresent(hash -> checkResume(dir, hash, at));
  }

  /** Check the head is the newest acknowledged checkpoint or a later one; return whether it is a later one. */
  private boolean checkHead(List<Checkpoint> live, String at) {
    Ack last = newest;
    if (last == null) {
      return true;
    }
    assertTrue(!live.isEmpty(), at + ": the session is gone, newest acknowledged " + last);
    Checkpoint head = live.get(live.size() - 1);
    assertTrue(head.sequence() >= last.sequence(), at + ": head #" + head.sequence() + " is older than " + last);
    long later = live.stream().filter(c -> c.sequence() > last.sequence()).count();
    assertTrue(later <= 2, at + ": " + later + " unacknowledged checkpoints after " + last + ", one call writes 2 at most");
    if (later == 0) {
      assertEquals(last.id(), head.id(), at + ": head");
    }
    unacknowledgedHeads += later > 0 ? 1 : 0;
    return later > 0;
  }

  private void checkAcknowledged(CheckpointStore store, Map<CheckpointId, Checkpoint> byId, boolean laterUnacknowledged,
      String at) {
    for (Iterator<Ack> it = expected.values().iterator(); it.hasNext(); ) {
      Ack ack = it.next();
      Checkpoint c = byId.get(ack.id());
      if (c == null) {
        assertTrue(laterUnacknowledged, at + ": acknowledged " + ack + " is lost: no call deleted it");
        assertNotEquals(newest, ack, at + ": the newest acknowledged checkpoint is lost");
        it.remove();
        deletedByCutCall++;
        continue;
      }
      assertEquals(ack, new Ack(c.id(), c.sequence(), DeltaCrashChild.kind(c), c.stateHash(),
          DeltaCrashChild.jsonHash(verified(store, c.id(), at).state())), at + ": acknowledged checkpoint read back");
    }
  }

  private static Verification.Verified verified(CheckpointStore store, CheckpointId id, String at) {
    Verification.Reading reading = VERIFY.read(store, SESSION, id).orElseThrow();
    return assertInstanceOf(Verification.Verified.class, reading, () -> at + ": " + reading);
  }

  /** Count the kept checkpoints by kind, and the deltas whose chain back to a full snapshot lost a base. */
  private void count(List<Checkpoint> live, Map<CheckpointId, Checkpoint> byId) {
    for (Checkpoint c : live) {
      keptByKind.merge(DeltaCrashChild.kind(c), 1L, Long::sum);
      Checkpoint current = c;
      while (current != null && current.deltaBase().isPresent()) {
        current = byId.get(current.deltaBase().get());
      }
      rebuiltBackwards += current == null ? 1 : 0;
    }
  }

  private static void checkResume(Path dir, String headState, String at) {
    try (SessionRollbackEngine engine = DeltaCrashChild.engine(dir)) {
      assertEquals(headState, DeltaCrashChild.jsonHash(engine.resume(SESSION).getCurrentState()),
          at + ": the resumed state is the head's");
    }
  }

  /** Describe kept checkpoints for a failure message: sequence, type, encoding, parent and base. */
  static String describe(List<Checkpoint> live) {
    Map<CheckpointId, Long> sequences = live.stream().collect(Collectors.toMap(Checkpoint::id, Checkpoint::sequence));
    Function<Optional<CheckpointId>, String> at = id -> id.map(i -> sequences.containsKey(i) ? "#" + sequences.get(i)
        : "deleted " + i.value()).orElse("-");
    return live.stream().map(c -> "#" + c.sequence() + " " + c.type() + " " + DeltaCrashChild.kind(c) + " parent "
        + at.apply(c.parentId()) + " base " + at.apply(c.label(Checkpoint.BASE).map(CheckpointId::of)))
        .collect(Collectors.joining("; "));
  }

  String summary() {
    return acknowledged + " checkpoints acknowledged " + acknowledgedByKind + " (" + rolledBack + " rollbacks); at check "
        + "time " + keptByKind + " kept checkpoints verified, " + rebuiltBackwards + " of them deltas rebuilt backwards "
        + "(a base deleted); " + unacknowledgedHeads + " checks found a head whose acknowledgement was lost, "
        + deletedByCutCall + " acknowledged checkpoints deleted by a call the kill cut short";
  }
}
