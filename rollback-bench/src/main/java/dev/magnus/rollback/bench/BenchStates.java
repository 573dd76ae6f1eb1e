package dev.magnus.rollback.bench;

import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Build the session states the benchmarks checkpoint: deterministic, JSON-compatible, shaped like
 * what a model-routing gateway keeps (routes, scores, flags, short texts, nested maps).
 *
 * <p>Three sizes: {@link Size#SMALL} (about 1 KB encoded), {@link Size#MEDIUM} (60 attributes, about
 * 4.5 KB, the size of DESIGN.md section 10) and {@link Size#LARGE} (about 256 KB of text-like values
 * drawn from a small vocabulary, so it compresses as conversation history does). Thread-safe
 * (stateless).
 */
public final class BenchStates {
  private static final String[] WORDS = {"route", "model", "opus", "sonnet", "haiku", "score", "pattern",
      "phase", "intake", "review", "retry", "timeout", "token", "budget", "user", "gateway", "agent", "plan",
      "step", "tool", "result", "error", "latency", "cache", "context", "window", "summary", "decision"};
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] KEYS = new String[100];

  static {
    for (int i = 0; i < KEYS.length; i++) {
      KEYS[i] = String.format(Locale.ROOT, "attr%02d", i);
    }
  }

  private BenchStates() {}

  /** The three state sizes. */
  public enum Size {
    /** About 1 KB encoded: 12 attributes. */
    SMALL(12, 0),
    /** About 4.5 KB encoded: 60 attributes. */
    MEDIUM(60, 0),
    /** About 256 KB encoded: 60 attributes and a compressible history of 250 entries. */
    LARGE(60, 250);

    private final int attributes;
    private final int historyEntries;

    Size(int attributes, int historyEntries) {
      this.attributes = attributes;
      this.historyEntries = historyEntries;
    }

    /** @return the attribute count, not counting the history */
    public int attributes() {
      return attributes;
    }
  }

  /**
   * Return the metadata every benchmark session uses.
   *
   * @return the metadata
   */
  public static SessionMetadata metadata() {
    return SessionMetadata.of("user-bench", "benchmark", "1.0.0", List.of("bench", "convergence"), CREATED);
  }

  /**
   * Build the attributes of a state of one size; the seed varies the values, not the shape.
   *
   * @param size the size
   * @param seed any number
   * @return a new mutable map, insertion-ordered
   */
  public static Map<String, Object> attributes(Size size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (int i = 0; i < size.attributes; i++) {
      attributes.put(KEYS[i], value(i, random));
    }
    if (size.historyEntries > 0) {
      List<Object> history = new ArrayList<>();
      for (int i = 0; i < size.historyEntries; i++) {
        history.add(Map.of("turn", (long) i, "role", i % 2 == 0 ? "user" : "assistant", "text", text(random, 150)));
      }
      attributes.put("history", history);
    }
    return attributes;
  }

  /**
   * Build a whole state of one size.
   *
   * @param sessionId the session id
   * @param size the size
   * @param seed any number
   * @return the state, revision 0
   */
  public static SessionState state(String sessionId, Size size, long seed) {
    return SessionState.initial(sessionId, metadata(), attributes(size, seed));
  }

  /**
   * Change one small attribute of a state of this shape: attribute {@code n % size.attributes()}
   * gets a new value of the same kind (a boolean is flipped, so it always changes). The history of
   * {@link Size#LARGE} is never touched: what changes between two checkpoints is one value of a few
   * dozen bytes, as after one routing decision.
   *
   * @param state a state built by {@link #state} or {@link #attributes} with the same size
   * @param size its size
   * @param n which change this is; varies the attribute and the value
   * @return the changed state
   */
  public static SessionState changeOne(SessionState state, Size size, long n) {
    int i = (int) Math.floorMod(n, (long) size.attributes);
    String key = KEYS[i];
    Object current = state.attributes().get(key);
    Object next = current instanceof Boolean b ? !b : value(i, new SplittableRandom(n * 1_000_003L + 17));
    return state.with(key, next.equals(current) ? value(i, new SplittableRandom(n + 1)) : next);
  }

  /**
   * Return the value attribute {@code i} of a state of this shape holds: a short text, an id, a
   * score, a flag, a small list or a small map, by {@code i % 6}.
   *
   * @param i the attribute's position
   * @param random the source of the value's content
   * @return a new JSON value
   */
  public static Object value(int i, SplittableRandom random) {
    switch (i % 6) {
      case 0: return text(random, 18);
      case 1: return text(random, 3) + "-" + random.nextLong(1_000_000_000L);
      case 2: return Math.round(random.nextDouble() * 1e6) / 1e6;
      case 3: return random.nextBoolean();
      case 4: return List.of(WORDS[random.nextInt(WORDS.length)], random.nextLong(1000), text(random, 8));
      default: return Map.of("model", WORDS[random.nextInt(WORDS.length)], "score",
          Math.round(random.nextDouble() * 1e4) / 1e4, "note", text(random, 15));
    }
  }

  private static String text(SplittableRandom random, int words) {
    StringBuilder b = new StringBuilder();
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        b.append(' ');
      }
      b.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return b.toString();
  }
}
