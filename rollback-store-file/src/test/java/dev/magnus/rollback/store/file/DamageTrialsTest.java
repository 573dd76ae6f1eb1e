package dev.magnus.rollback.store.file;

import static dev.magnus.rollback.store.file.BlackBoxFiles.indexOf;
import static dev.magnus.rollback.store.file.BlackBoxFiles.read;
import static dev.magnus.rollback.store.file.BlackBoxFiles.segments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage a closed store's files at random, one damage per trial on a fresh copy, reopen it and hold it to
 * the promise of DESIGN.md section 7: no wrong payload is ever served, no deleted checkpoint comes back,
 * and every acknowledged checkpoint is either served intact or counted in {@code stats().corruptions()}.
 *
 * <p>The store is a black box: the test knows only that segment files are {@code segment-<20 digits>.log}
 * in write order. Some payloads embed raw bytes of segment files (whole valid frames, some of checkpoints
 * deleted before), the way a crafted payload would, so a scanner that trusts any frame it finds is caught.
 *
 * <p>System properties: {@code rollback.trials} (default 150, split over the four damage kinds) for a soak;
 * {@code rollback.damageBaseSeed} to draw other trials; {@code rollback.damageSeed} to replay one failing
 * trial (its seed is printed), for example
 * {@code -Dtest='DamageTrialsTest#flippedBytes' -Drollback.damageSeed=1000017}.
 */
class DamageTrialsTest {
  private static final long SEGMENT_BYTES = FileStores.MIN_SEGMENT_BYTES * 8;
  private static final List<String> SESSIONS = List.of("alpha", "beta", "gamma", "delta");
  private static final int TRIALS = Integer.getInteger("rollback.trials", 150);
  private static final long BASE_SEED = Long.getLong("rollback.damageBaseSeed", 0L);
  private static final Long REPLAY = Long.getLong("rollback.damageSeed");

  /** Acknowledged and not deleted, in append order. */
  private static final Map<CheckpointId, CheckpointRecord> LIVE = new LinkedHashMap<>();
  /** Acknowledged, then deleted (id to session). */
  private static final Map<CheckpointId, String> DELETED = new LinkedHashMap<>();

  @TempDir
  static Path work;

  private static Path pristine;

  enum Damage { FLIP, TRUNCATE, DELETE, OVERWRITE }

  @BeforeAll
  static void buildClosedStore() throws IOException {
    pristine = work.resolve("pristine");
    SplittableRandom random = new SplittableRandom(42);
    Map<String, Long> next = new HashMap<>();
    SESSIONS.forEach(s -> next.put(s, 1L));

    try (CheckpointStore store = open(pristine)) {
      for (int round = 0; round < 9; round++) {
        for (String s : SESSIONS) {
          append(store, Fixtures.record(s, next.merge(s, 1L, Long::sum) - 1, random.nextInt(701)));
        }
      }
    }

    // Raw bytes of two segments: whole frames, to be embedded in payloads of later checkpoints.
    List<Path> firstSegments = segments(pristine);
    assertTrue(firstSegments.size() >= 4, "precondition: several segments, got " + firstSegments);
    byte[] sourceA = read(firstSegments.get(1));
    byte[] sourceB = read(firstSegments.get(firstSegments.size() / 2));
    List<CheckpointRecord> inA = LIVE.values().stream()
        .filter(r -> r.payloadLength() >= 16 && indexOf(sourceA, r.payload()) >= 0).toList();
    assertTrue(!inA.isEmpty(), "precondition: payloads found in " + firstSegments.get(1));

    try (CheckpointStore store = open(pristine)) {
      // Tombstones for every checkpoint embedded in A (outside delta, which goes whole) and a fifth of the others.
      for (String s : List.of("alpha", "beta", "gamma")) {
        List<CheckpointId> ids = new ArrayList<>();
        for (CheckpointRecord r : List.copyOf(LIVE.values())) {
          Checkpoint c = r.checkpoint();
          if (c.sessionId().equals(s) && (inA.contains(r) || random.nextInt(5) == 0)) {
            ids.add(c.id());
          }
        }
        assertEquals(ids.size(), store.delete(s, ids), "delete in " + s);
        ids.forEach(id -> DELETED.put(LIVE.remove(id).checkpoint().id(), s));
      }
      List<CheckpointId> delta = LIVE.values().stream().map(CheckpointRecord::checkpoint)
          .filter(c -> c.sessionId().equals("delta")).map(Checkpoint::id).toList();
      assertEquals(delta.size(), store.deleteSession("delta"), "deleteSession(delta)");
      delta.forEach(id -> DELETED.put(LIVE.remove(id).checkpoint().id(), "delta"));
      next.put("delta", 1L);

      // Crafted payloads, appended after the deletions their embedded frames could undo.
      append(store, crafted("alpha", next, "craft-a", concat(randomBytes(random, 1 + random.nextInt(7)), sourceA)));
      append(store, crafted("beta", next, "craft-b",
          concat(Arrays.copyOfRange(sourceB, 1 + random.nextInt(sourceB.length / 2), sourceB.length),
              randomBytes(random, random.nextInt(9)))));
      append(store, crafted("gamma", next, "craft-c", sourceA.clone()));

      // The deleted session starts again, under new ids with its old sequences.
      for (int i = 0; i < 4; i++) {
        long seq = next.merge("delta", 1L, Long::sum) - 1;
        append(store, Fixtures.record("delta", seq, random.nextInt(701), CheckpointId.of("delta-again-" + seq)));
      }
      for (int round = 0; round < 3; round++) {
        for (String s : SESSIONS) {
          long seq = next.merge(s, 1L, Long::sum) - 1;
          append(store, Fixtures.record(s, seq, random.nextInt(701), CheckpointId.of(s + "-late-" + seq)));
        }
      }
      for (String s : List.of("alpha", "gamma")) {
        CheckpointId victim = LIVE.values().stream().map(CheckpointRecord::checkpoint)
            .filter(c -> c.sessionId().equals(s)).findFirst().orElseThrow().id();
        assertEquals(1, store.delete(s, List.of(victim)));
        DELETED.put(LIVE.remove(victim).checkpoint().id(), s);
      }
    }
    int segments = segments(pristine).size();
    assertTrue(segments >= 5 && segments <= 40, "precondition: 5 to 40 segments, got " + segments);
    System.out.printf("damage trials: base store of %d segments, %d live and %d deleted checkpoints%n", segments,
        LIVE.size(), DELETED.size());
  }

  @Test
  void undamagedCopyServesEverything() throws IOException {
    // given
    Path dir = BlackBoxFiles.copy(pristine, work.resolve("undamaged"));

    // when
    Outcome outcome = check(dir);

    // then
    assertEquals(List.of(), outcome.violations, outcome.toString());
    assertEquals(LIVE.size(), outcome.served, outcome.toString());
    assertEquals(0, outcome.corruptions, outcome.toString());
  }

  @Test
  void flippedBytes() throws IOException {
    trials(Damage.FLIP, "flippedBytes");
  }

  @Test
  void truncatedSegment() throws IOException {
    trials(Damage.TRUNCATE, "truncatedSegment");
  }

  @Test
  void deletedSegment() throws IOException {
    trials(Damage.DELETE, "deletedSegment");
  }

  @Test
  void overwrittenRegion() throws IOException {
    trials(Damage.OVERWRITE, "overwrittenRegion");
  }

  private void trials(Damage kind, String method) throws IOException {
    int n = REPLAY != null ? 1 : Math.max(1, (TRIALS + 3) / 4);
    List<String> failures = new ArrayList<>();
    int refused = 0;
    int wrong = 0;
    int resurrected = 0;
    int uncounted = 0;
    for (int i = 0; i < n; i++) {
      long seed = REPLAY != null ? REPLAY : BASE_SEED + kind.ordinal() * 1_000_000L + i;
      Path dir = BlackBoxFiles.copy(pristine, work.resolve(kind + "-" + i));
      String damage;
      Outcome outcome;
      try {
        damage = damage(kind, dir, new SplittableRandom(seed));
        outcome = check(dir);
      } catch (IOException | RuntimeException e) {
        throw new AssertionError("trial seed " + seed + " (" + kind + ") threw; replay with -Dtest='DamageTrialsTest#"
            + method + "' -Drollback.damageSeed=" + seed, e);
      }
      refused += outcome.refused != null ? 1 : 0;
      wrong += outcome.wrong ? 1 : 0;
      resurrected += outcome.resurrected ? 1 : 0;
      uncounted += outcome.lost.size() > outcome.corruptions ? 1 : 0;
      String line = "seed " + seed + ": " + damage + " -> " + outcome;
      System.out.println(line);
      if (!outcome.violations.isEmpty()) {
        failures.add(line);
      }
      deleteTree(dir);
    }
    String summary = String.format("%s: %d of %d trials broke the promise: %d served a wrong record, %d served a "
        + "deleted checkpoint, %d lost more checkpoints than corruptions() counts (%d refused to open)",
        kind, failures.size(), n, wrong, resurrected, uncounted, refused);
    System.out.println(summary);
    assertTrue(failures.isEmpty(), summary + "; replay one with -Dtest='DamageTrialsTest#" + method
        + "' -Drollback.damageSeed=<seed>; first failures:\n  "
        + String.join("\n  ", failures.subList(0, Math.min(12, failures.size()))));
  }

  /** Damage one segment of {@code dir}; return what was done. */
  private static String damage(Damage kind, Path dir, SplittableRandom random) throws IOException {
    List<Path> segs = segments(dir);
    Path victim = segs.get(random.nextInt(segs.size()));
    String name = victim.getFileName() + " (" + (segs.indexOf(victim) + 1) + " of " + segs.size() + ")";
    byte[] bytes = Files.readAllBytes(victim);
    if (bytes.length == 0) {
      return "nothing: " + name + " is empty";
    }
    switch (kind) {
      case FLIP -> {
        int n = 1 + random.nextInt(8);
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int at = random.nextInt(bytes.length);
          bytes[at] ^= (byte) (1 + random.nextInt(255));
          offsets.add(at);
        }
        Files.write(victim, bytes);
        return "flipped " + n + " bytes of " + name + ", " + bytes.length + " bytes, at " + offsets;
      }
      case TRUNCATE -> {
        long cut = random.nextInt(bytes.length);
        try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.WRITE)) {
          ch.truncate(cut);
        }
        return "truncated " + name + " from " + bytes.length + " to " + cut + " bytes";
      }
      case DELETE -> {
        Files.delete(victim);
        return "deleted " + name + ", " + bytes.length + " bytes";
      }
      case OVERWRITE -> {
        int len = Math.min(bytes.length, 32 + random.nextInt(640));
        int at = random.nextInt(bytes.length - len + 1);
        List<Path> others = segs.size() > 1 ? segs.stream().filter(p -> !p.equals(victim)).toList() : segs;
        Path source = others.get(random.nextInt(others.size()));
        byte[] src = Files.readAllBytes(source);
        // Half the time the same offset of another segment: frames that are valid, but not written here.
        boolean sameOffset = random.nextBoolean() && src.length >= at + len;
        int from = sameOffset ? at : random.nextInt(Math.max(1, src.length - len + 1));
        int n = Math.min(len, src.length - from);
        System.arraycopy(src, from, bytes, at, n);
        Files.write(victim, bytes);
        return "overwrote " + n + " bytes of " + name + " at " + at + " with bytes " + from + ".." + (from + n)
            + " of " + source.getFileName();
      }
      default -> throw new AssertionError(kind);
    }
  }

  /** Reopen a (damaged) copy and compare everything it serves with the ground truth. */
  private static Outcome check(Path dir) {
    Outcome o = new Outcome();
    CheckpointStore store;
    try {
      store = open(dir);
    } catch (StoreException e) {
      o.refused = String.valueOf(e.getMessage());
      if (!o.refused.contains(dir.getFileName().toString())) {
        o.violations.add("open failed without naming the directory: " + e);
      }
      return o;
    } catch (RuntimeException e) {
      o.violations.add("open threw " + e + " (not a StoreException)");
      return o;
    }
    try (store) {
      for (CheckpointRecord want : LIVE.values()) {
        Checkpoint c = want.checkpoint();
        Optional<CheckpointRecord> got = readOrEmpty(store, c.sessionId(), c.id(), o);
        if (got.isEmpty()) {
          o.lost.add(c.id());
        } else if (!got.get().equals(want)) {
          o.wrong = true;
          o.violations.add("read " + c.id() + " served a WRONG record: " + got.get() + " with payload sha256 "
              + hex(got.get().payload()) + ", acknowledged " + want + " sha256 " + hex(want.payload()));
        } else {
          o.served++;
        }
      }
      DELETED.forEach((id, s) -> {
        if (readOrEmpty(store, s, id, o).isPresent()) {
          o.resurrected = true;
          o.violations.add("deleted checkpoint " + id + " of " + s + " was read back");
        }
      });
      for (String s : SESSIONS) {
        List<Checkpoint> listed;
        try {
          listed = store.list(s, CheckpointQuery.all());
        } catch (RuntimeException e) {
          o.violations.add("list(" + s + ") threw " + e);
          continue;
        }
        Set<Long> sequences = new HashSet<>();
        for (Checkpoint c : listed) {
          checkDescriptor("list(" + s + ")", c, o);
          if (!sequences.add(c.sequence())) {
            o.violations.add("list(" + s + ") has sequence " + c.sequence() + " twice");
          }
        }
        store.latest(s).ifPresent(c -> checkDescriptor("latest(" + s + ")", c, o));
      }
      for (String s : store.sessions()) {
        if (!SESSIONS.contains(s)) {
          o.violations.add("sessions() has a session never written: '" + s + "'");
        }
      }
      o.corruptions = store.stats().corruptions();
      if (o.lost.size() > o.corruptions) {
        o.violations.add(o.lost.size() + " acknowledged checkpoints not served but corruptions() = " + o.corruptions);
      }
    } catch (RuntimeException e) {
      o.violations.add("the reopened store threw " + e);
    }
    return o;
  }

  private static void checkDescriptor(String where, Checkpoint c, Outcome o) {
    if (DELETED.containsKey(c.id())) {
      o.resurrected = true;
      o.violations.add(where + " shows deleted checkpoint " + c.id() + " (sequence " + c.sequence() + ")");
    } else if (!LIVE.containsKey(c.id())) {
      o.wrong = true;
      o.violations.add(where + " shows a checkpoint never acknowledged: " + c);
    } else if (!LIVE.get(c.id()).checkpoint().equals(c)) {
      o.wrong = true;
      o.violations.add(where + " shows a WRONG descriptor " + c + ", acknowledged " + LIVE.get(c.id()).checkpoint());
    }
  }

  /** Read, treating a StoreException (a reported corruption) as "not served". */
  private static Optional<CheckpointRecord> readOrEmpty(CheckpointStore store, String session, CheckpointId id, Outcome o) {
    try {
      return store.read(session, id);
    } catch (StoreException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      o.violations.add("read " + id + " of " + session + " threw " + e + " (not a StoreException)");
      return Optional.empty();
    }
  }

  private static final class Outcome {
    final List<String> violations = new ArrayList<>();
    final List<CheckpointId> lost = new ArrayList<>();
    String refused;
    boolean wrong;
    boolean resurrected;
    int served;
    long corruptions;

    @Override
    public String toString() {
      if (refused != null && violations.isEmpty()) {
        return "open refused: " + refused;
      }
      return "served " + served + " of " + LIVE.size() + ", not served " + lost.size()
          + (lost.isEmpty() ? "" : " " + lost.subList(0, Math.min(4, lost.size())) + (lost.size() > 4 ? "..." : ""))
          + ", corruptions() " + corruptions + (violations.isEmpty() ? ", ok" : ", VIOLATIONS " + violations);
    }
  }

  private static CheckpointStore open(Path dir) {
    return FileStores.builder(dir).segmentBytes(SEGMENT_BYTES).open();
  }

  private static void append(CheckpointStore store, CheckpointRecord r) {
    store.append(r);
    LIVE.put(r.checkpoint().id(), r);
  }

  private static CheckpointRecord crafted(String session, Map<String, Long> next, String id, byte[] payload) {
    long seq = next.merge(session, 1L, Long::sum) - 1;
    return BlackBoxFiles.withPayload(Fixtures.record(session, seq, 0), CheckpointId.of(id), payload);
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String hex(byte[] payload) {
    return java.util.HexFormat.of().formatHex(BlackBoxFiles.sha256(payload), 0, 6);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
