package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compare descriptors field by field, so that a failure names the field that differs and both of its
 * values instead of printing two whole records. Stateless.
 */
final class DescriptorAssertions {
  /** Every field of {@link Checkpoint}, in declaration order, with its accessor. */
  static final List<Field> FIELDS = List.of(
      new Field("id", Checkpoint::id), new Field("sessionId", Checkpoint::sessionId),
      new Field("sequence", Checkpoint::sequence), new Field("parentId", Checkpoint::parentId),
      new Field("type", Checkpoint::type), new Field("description", Checkpoint::description),
      new Field("createdAt", Checkpoint::createdAt), new Field("labels", Checkpoint::labels),
      new Field("stateHash", Checkpoint::stateHash), new Field("chainHash", Checkpoint::chainHash),
      new Field("rawSize", Checkpoint::rawSize), new Field("storedSize", Checkpoint::storedSize),
      new Field("compression", Checkpoint::compression));

  private static final int SHOWN = 120;

  private DescriptorAssertions() {}

  /** One descriptor field: its name and how to read it. */
  record Field(String name, Function<Checkpoint, Object> value) {}

  /**
   * Assert that {@code actual} equals {@code expected} in every field.
   *
   * @param expected what was appended
   * @param actual what the store returned
   * @param via the store call that returned it, for the message
   */
  static void assertSameDescriptor(Checkpoint expected, Checkpoint actual, String via) {
    for (Field f : FIELDS) {
      Object e = f.value().apply(expected);
      Object a = f.value().apply(actual);
      if (!Objects.equals(e, a)) {
        throw new AssertionError(f.name() + " of checkpoint " + expected.id() + " (session '"
            + shorten(expected.sessionId()) + "') as returned by " + via + ": " + difference(e, a));
      }
    }
    assertEquals(expected, actual, () -> "checkpoint " + expected.id() + " as returned by " + via);
  }

  /**
   * Assert that every query path of the store returns {@code expected} unchanged: read, list oldest
   * and newest first, a list narrowed to its sequence and type, and latest when it is the newest.
   *
   * @param store the store
   * @param expected an appended descriptor
   */
  static void assertEveryPathReturns(CheckpointStore store, Checkpoint expected) {
    String s = expected.sessionId();
    CheckpointRecord read = store.read(s, expected.id()).orElseThrow(() -> new AssertionError(
        "checkpoint " + expected.id() + " of session '" + shorten(s) + "' is missing from read"));
    assertSameDescriptor(expected, read.checkpoint(), "read");
    assertSameDescriptor(expected, find(store.list(s, CheckpointQuery.all()), expected, "list"), "list");
    assertSameDescriptor(expected, find(store.list(s, CheckpointQuery.all().newestFirst()), expected,
        "list newest first"), "list newest first");
    CheckpointQuery narrow = CheckpointQuery.all().sequences(expected.sequence(), expected.sequence())
        .types(expected.type()).limit(1);
    assertSameDescriptor(expected, find(store.list(s, narrow), expected, "list of its sequence and type"),
        "list of its sequence and type");
    Optional<Checkpoint> latest = store.latest(s);
    if (latest.isPresent() && latest.get().sequence() == expected.sequence()) {
      assertSameDescriptor(expected, latest.get(), "latest");
    }
  }

  private static Checkpoint find(List<Checkpoint> listed, Checkpoint expected, String via) {
    return listed.stream().filter(c -> c.sequence() == expected.sequence()).findFirst()
        .orElseThrow(() -> new AssertionError("sequence " + expected.sequence() + " (checkpoint "
            + expected.id() + ") is missing from " + via + ", which returned sequences "
            + listed.stream().map(Checkpoint::sequence).toList()));
  }

  /** Describe how two values differ, briefly: labels by key, long strings around the first difference. */
  static String difference(Object expected, Object actual) {
    if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
      return labelDifference(e, a);
    }
    if (expected instanceof String e && actual instanceof String a) {
      int at = firstDifference(e, a);
      return "expected " + excerpt(e, at) + " but was " + excerpt(a, at) + " (lengths " + e.length() + " and "
          + a.length() + ", first difference at index " + at + ")";
    }
    return "expected <" + expected + "> but was <" + actual + ">";
  }

  private static String labelDifference(Map<?, ?> expected, Map<?, ?> actual) {
    TreeSet<String> lines = new TreeSet<>();
    expected.forEach((k, v) -> {
      if (!actual.containsKey(k)) {
        lines.add("missing " + quote(k) + "=" + quote(v));
      } else if (!Objects.equals(v, actual.get(k))) {
        lines.add(quote(k) + " expected " + quote(v) + " but was " + quote(actual.get(k)));
      }
    });
    actual.forEach((k, v) -> {
      if (!expected.containsKey(k)) {
        lines.add("unexpected " + quote(k) + "=" + quote(v));
      }
    });
    return expected.size() + " labels expected, " + actual.size() + " returned; " + String.join("; ", lines);
  }

  private static int firstDifference(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }

  private static String excerpt(String s, int around) {
    int from = Math.max(0, around - SHOWN / 2);
    int to = Math.min(s.length(), from + SHOWN);
    return (from > 0 ? "..." : "") + quote(s.substring(from, to)) + (to < s.length() ? "..." : "");
  }

  /** Quote a value with control characters escaped, so newlines and NULs show. */
  static String quote(Object value) {
    String s = String.valueOf(value);
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return out.append('"').toString();
  }

  static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 20) + "..." + s.substring(s.length() - 12) + " (" + s.length()
        + " chars)";
  }
}
