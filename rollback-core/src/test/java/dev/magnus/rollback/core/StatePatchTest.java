package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatePatchTest {
  private final StateCodec codec = new StateCodec(1 << 24);
  private final DeltaDocument patches = new DeltaDocument(codec);
  private final StateTree tree = new StateTree(Hasher.sha256(), codec);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void aDiffEncodedDecodedAndAppliedGivesTheNextStateItsInverseTheBaseAndAWholeChainAppliesAtOnce(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SessionState base = SessionState.initial("s", metadata(), randomObject(random, 3));
    SessionState start = base;
    List<StatePatch.Delta> chain = new ArrayList<>();
    for (int step = 0; step < 60; step++) {
      SessionState next = mutate(base, random).withRevision(base.revision() + 1 + random.nextInt(3));
      if (random.nextInt(10) == 0) {
        next = new SessionState("s", SessionMetadata.of("u" + step, "e", "v", List.of("t"), Instant.EPOCH),
            next.revision(), next.attributes());
      }
      int schema = step % 4 == 0 ? 3 : 1;
      byte[] document = patches.encode(next, schema, base, StatePatch.diff(base, next));
      assertTrue(patches.fits(next, schema, base, StatePatch.diff(base, next), document.length), "fits at its length");
      assertTrue(!patches.fits(next, schema, base, StatePatch.diff(base, next), document.length - 1),
          "seed " + seed + " step " + step + ": does not fit one byte short of its length " + document.length);
      StatePatch.Delta delta = patches.decode(document, true);
      StatePatch.Delta untested = patches.decode(document, false);

      SessionState forward = StatePatch.apply(base, delta);
      assertEquals(next, StatePatch.apply(base, untested), "seed " + seed + " step " + step + ", without its tests");
      assertTrue(untested.ops().stream().noneMatch(op -> op.op().equals("test")));
      SessionState backward = StatePatch.apply(forward, StatePatch.inverse(delta));

      assertEquals(next, forward, "seed " + seed + " step " + step);
      assertEquals(base, backward, "seed " + seed + " step " + step);
      assertEquals(hash(next), hash(forward));
      chain.add(delta);
      assertEquals(next, StatePatch.applyAll(start, chain), "seed " + seed + ": the chain up to step " + step);
      base = next;
    }
  }

  @Test
  void aChainThatChangesInsideAValueAnEarlierPatchPutLeavesThePatchesUnchangedAndAppliesAgain() {
    SessionState s0 = SessionState.initial("s", metadata(), Map.of("m", Map.of("list", List.of(1L))));
    SessionState s1 = s0.with("m", Map.of("list", List.of(1L, Map.of("k", "a")))).withRevision(1);
    SessionState s2 = s1.with("m", Map.of("list", List.of(1L, Map.of("k", "b", "j", 2L)))).withRevision(2);
    SessionState s3 = s2.with("top", Map.of("x", 1L)).withRevision(3);
    SessionState s4 = s3.with("top", Map.of("x", 2L)).with("m", Map.of("list", List.of(0L))).withRevision(4);
    List<SessionState> states = List.of(s0, s1, s2, s3, s4);
    List<StatePatch.Delta> chain = new ArrayList<>();
    for (int i = 1; i < states.size(); i++) {
      SessionState base = states.get(i - 1);
      SessionState next = states.get(i);
      chain.add(patches.decode(patches.encode(next, 1, base, StatePatch.diff(base, next)), false));
    }
    String before = chain.toString();

    SessionState once = StatePatch.applyAll(s0, chain);
    SessionState twice = StatePatch.applyAll(s0, chain);

    assertEquals(s4, once);
    assertEquals(s4, twice, "the patches' own values were changed in place by the first replay");
    assertEquals(before, chain.toString());
    assertEquals(s2, StatePatch.applyAll(s0, chain.subList(0, 2)));
  }

  @Test
  void anUnchangedAttributeIsNeitherComparedNorWrittenAndOneChangeIsOneTestAndOneReplace() {
    SessionState base = SessionState.initial("s", metadata(), Map.of("a", List.of(1L, 2L), "b", "x", "c", Map.of("d", 1L)));
    SessionState next = base.with("b", "y");

    List<StatePatch.Op> ops = StatePatch.diff(base, next);

    assertEquals(List.of(new StatePatch.Op("test", "/b", "x"), new StatePatch.Op("replace", "/b", "y")), ops);
  }

  @Test
  void appendsToAnArrayAreAddsAtTheirIndexAndANullValueIsKeptNotRemoved() {
    SessionState base = SessionState.initial("s", metadata(), Map.of("h", List.of("a"), "n", "v"));
    SessionState next = base.with("h", List.of("a", "b", "c")).with("n", null);

    List<StatePatch.Op> ops = StatePatch.diff(base, next);

    assertTrue(ops.contains(new StatePatch.Op("add", "/h/1", "b")), ops.toString());
    assertTrue(ops.contains(new StatePatch.Op("add", "/h/2", "c")), ops.toString());
    assertTrue(ops.contains(new StatePatch.Op("replace", "/n", null)), ops.toString());
    assertEquals(next, StatePatch.apply(base, patches.decode(patches.encode(next, 1, base, ops), true)));
    assertTrue(StatePatch.apply(base, patches.decode(patches.encode(next, 1, base, ops), true)).attributes().containsKey("n"));
  }

  @Test
  void keysWithSlashAndTildeAreEscapedAsJsonPointerTokens() {
    SessionState base = SessionState.initial("s", metadata(), Map.of("a/b", 1L, "c~d", Map.of("e/~f", 2L)));
    SessionState next = base.with("a/b", 3L).with("c~d", Map.of("e/~f", 4L));

    List<StatePatch.Op> ops = StatePatch.diff(base, next);

    assertTrue(ops.stream().anyMatch(o -> o.path().equals("/a~1b")), ops.toString());
    assertTrue(ops.stream().anyMatch(o -> o.path().equals("/c~0d/e~1~0f")), ops.toString());
    assertEquals(next, StatePatch.apply(base, patches.decode(patches.encode(next, 1, base, ops), true)));
  }

  @Test
  void aPatchThatDoesNotMatchItsBaseIsRefusedNamingTheOperation() {
    SessionState base = SessionState.initial("s", metadata(), Map.of("b", "x"));
    SessionState next = base.with("b", "y").withRevision(1);
    StatePatch.Delta delta = patches.decode(patches.encode(next, 1, base, StatePatch.diff(base, next)), true);
    SessionState other = base.with("b", "z");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatePatch.apply(other, delta));

    assertTrue(e.getMessage().contains("test /b"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StatePatch.apply(base.withRevision(7), delta));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"v\":1,\"delta\":1,\"sessionId\":\"s\",\"revision\":1,\"baseRevision\":0,\"patch\":[{\"op\":\"move\",\"path\":\"/a\"}]}",
      "{\"v\":1,\"delta\":1,\"sessionId\":\"s\",\"revision\":1,\"baseRevision\":0,\"patch\":[{\"op\":\"add\",\"path\":\"/a\"}]}",
      "{\"v\":1,\"delta\":2,\"sessionId\":\"s\",\"revision\":1,\"baseRevision\":0,\"patch\":[]}",
      "{\"v\":1,\"delta\":1,\"sessionId\":\"s\",\"revision\":1,\"patch\":[]}",
      "{\"v\":1,\"delta\":1,\"sessionId\":\"s\",\"revision\":1,\"baseRevision\":0,\"patch\":[]} x",
      "{\"v\":1,\"delta\":1,\"sessionId\":\"s\",\"revision\":1,\"baseRevision\":0}",
      "{\"v\":1,\"delta\":1,\"sessionId\":\"s\",\"revision\":1,\"baseRevision\":0,\"patch\":{}}",
      "{\"v\":1,\"delta\":1,\"sessionId\":\"s\",\"revision\":1,\"baseRevision\":0,\"patch\":[7]}",
      "{\"v\":1,\"delta\":1,\"sessionId\":\"s\",\"revision\":1,\"baseRevision\":0,\"patch\":[{\"op\":\"test\",\"path\":\"/a\"}]}",
      "{\"v\":1,\"delta\":1,\"sessionId\":\"s\",\"revision\":1,\"baseRevision\":0,\"patch\":[{\"op\":\"test\",\"value\":1}]}",
      "{\"v\":1,\"delta\":1,\"sessionId\":\"s\",\"revision\":1,\"baseRevision\":0,\"patch\":[{\"op\":\"test\",\"path\":\"/a\",\"value\":[1}]}",
      "[1]"})
  void aMalformedDeltaDocumentIsRefusedWithOrWithoutItsTests(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThrows(IllegalArgumentException.class, () -> patches.decode(bytes, true));
    assertThrows(IllegalArgumentException.class, () -> patches.decode(bytes, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "/x/00", "/x/-1", "/x/5", "/x~2", "/y/z"})
  void aPathThatDoesNotApplyIsRefused(String path) {
    SessionState base = SessionState.initial("s", metadata(), Map.of("x", List.of(1L), "y", 1L));
    StatePatch.Delta delta = new StatePatch.Delta("s", 1, 1, null, 0, null, List.of(new StatePatch.Op("replace", path, 2L)));

    assertThrows(IllegalArgumentException.class, () -> StatePatch.apply(base, delta));
  }

  @Test
  void theTreeHashCoversEveryValueIgnoresKeyOrderAndCachedLeavesGiveTheSameHash() {
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("a", 1L);
    ab.put("b", List.of("x"));
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("b", List.of("x"));
    ba.put("a", 1L);
    SessionState s1 = SessionState.initial("s", metadata(), ab);
    SessionState s2 = SessionState.initial("s", metadata(), ba);
    StateTree.Leaves leaves = new StateTree.Leaves();
    String first = tree.hash(s1, 1, leaves).hash();

    assertEquals(first, hash(s2));
    assertEquals(hash(s1.with("m", Map.of("x", 1L, "y", 2L))), hash(s1.with("m", reversed(Map.of("x", 1L, "y", 2L)))),
        "nested objects are unordered too");
    assertEquals(hash(s1.with("a", 2L)), tree.hash(s1.with("a", 2L), 1, leaves.retain(s1.with("a", 2L))).hash());
    assertNotEquals(first, hash(s1.with("a", 2L)));
    assertNotEquals(first, hash(s1.with("b", List.of("y"))));
    assertNotEquals(first, hash(s1.withRevision(1)));
    assertNotEquals(first, tree.hash(s1, 2, new StateTree.Leaves()).hash());
    assertEquals(codec.encode(s1).length, tree.hash(s1, 1, new StateTree.Leaves()).fullLength());
    assertEquals(codec.encode(s1, 3).length, tree.hash(s1, 3, new StateTree.Leaves()).fullLength());
  }

  private static Map<String, Object> reversed(Map<String, Object> map) {
    List<String> keys = new ArrayList<>(new java.util.TreeSet<>(map.keySet()).descendingSet());
    Map<String, Object> out = new LinkedHashMap<>();
    keys.forEach(k -> out.put(k, map.get(k)));
    return out;
  }

  private String hash(SessionState s) {
    return tree.hash(s, 1, new StateTree.Leaves()).hash();
  }

  private static SessionState mutate(SessionState s, SplittableRandom random) {
    SessionState next = s;
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      List<String> keys = new ArrayList<>(next.attributes().keySet());
      String key = keys.isEmpty() || random.nextInt(4) == 0 ? "k" + random.nextInt(30) : keys.get(random.nextInt(keys.size()));
      switch (random.nextInt(5)) {
        case 0 -> next = next.without(key);
        case 1 -> next = next.with(key, randomValue(random, 2));
        case 2 -> next = next.with(key, grown(next.attributes().get(key), random));
        default -> next = next.with(key, edited(next.attributes().get(key), random));
      }
    }
    return next;
  }

  private static Object grown(Object value, SplittableRandom random) {
    List<Object> list = value instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    if (!list.isEmpty() && random.nextBoolean()) {
      list.remove(list.size() - 1);
    }
    list.add(randomValue(random, 1));
    return list;
  }

  private static Object edited(Object value, SplittableRandom random) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put((String) k, v));
      copy.put("f" + random.nextInt(5), randomValue(random, 1));
      if (!copy.isEmpty() && random.nextBoolean()) {
        copy.remove(copy.keySet().iterator().next());
      }
      return copy;
    }
    return randomValue(random, 2);
  }

  private static Map<String, Object> randomObject(SplittableRandom random, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0, n = random.nextInt(8); i < n; i++) {
      map.put(random.nextInt(6) == 0 ? "we/ird~" + i : "k" + i, randomValue(random, depth - 1));
    }
    return map;
  }

  private static Object randomValue(SplittableRandom random, int depth) {
    switch (depth <= 0 ? random.nextInt(5) : random.nextInt(7)) {
      case 0: return random.nextInt(5) == 0 ? null : "t" + random.nextInt(100);
      case 1: return (long) random.nextInt(1000) - 500;
      case 2: return random.nextInt(100) / 8.0;
      case 3: return random.nextBoolean();
      case 4: return "";
      case 5: return randomObject(random, depth);
      default: {
        List<Object> list = new ArrayList<>();
        for (int i = 0, n = random.nextInt(5); i < n; i++) {
          list.add(randomValue(random, depth - 1));
        }
        return list;
      }
    }
  }
}
