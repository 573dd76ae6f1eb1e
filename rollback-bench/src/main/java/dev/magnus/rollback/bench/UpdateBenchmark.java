package dev.magnus.rollback.bench;

import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of setting one existing attribute, in nanoseconds per operation, on states of 10, 60 and
 * 1,000 attributes: {@link #with} is {@code SessionState.with} alone, {@link #update} the same change
 * through {@code Session.update} (the engine's lock, the revision, the memory store's engine with the
 * default configuration; no checkpoint). Each operation sets attribute {@code n % attributes} to one
 * of 64 prepared short strings, so the figure is the update's own cost. A flat cost across the three
 * sizes means an update costs what changed, not the state. Run with {@code -prof gc} for the bytes
 * allocated per operation: {@code java -jar rollback-bench/target/benchmarks.jar UpdateBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class UpdateBenchmark {
  /** How many attributes the state holds. */
  @Param({"10", "60", "1000"})
  public int attributes;

  private final String[] values = new String[64];
  private String[] keys;
  private SessionState state;
  private SessionRollbackEngine engine;
  private Session session;
  private long n;

  /** Build the state and open an engine holding it as a session. */
  @Setup(Level.Trial)
  public void open() {
    if (attributes < 1) {
      throw new IllegalArgumentException("attributes must be at least 1, was " + attributes);
    }
    keys = new String[attributes];
    Map<String, Object> map = new LinkedHashMap<>();
    SplittableRandom random = new SplittableRandom(attributes);
    for (int i = 0; i < attributes; i++) {
      keys[i] = String.format(Locale.ROOT, "attr%04d", i);
      map.put(keys[i], BenchStates.value(i, random));
    }
    for (int i = 0; i < values.length; i++) {
      values[i] = "value-" + i;
    }
    state = SessionState.initial("bench-update", BenchStates.metadata(), map);
    engine = SessionRollback.builder().store(InMemoryStores.create()).build();
    session = engine.initialize("bench-update", BenchStates.metadata(), map);
  }

  /** Close the engine. */
  @TearDown(Level.Trial)
  public void close() {
    engine.close();
  }

  /** @return the new state (kept so the work is not optimized away) */
  @Benchmark
  public SessionState with() {
    long k = n++;
    state = state.with(keys[(int) (k % attributes)], values[(int) (k & 63)]);
    return state;
  }

  /** @return the new revision */
  @Benchmark
  public long update() {
    long k = n++;
    String key = keys[(int) (k % attributes)];
    String value = values[(int) (k & 63)];
    return session.update(s -> s.with(key, value)).revision();
  }
}
