package dev.magnus.rollback.bench;

import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Load the shipped {@code config/session-rollback-config.yaml} (packed into this jar as
 * {@code bench-config/session-rollback-config.yaml}) with {@link RollbackConfigLoader}: SnakeYAML
 * safe composition, validation of every key, binding to the records. The text is read once; each
 * operation parses and validates it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ConfigLoadBenchmark {
  /** Where the shipped file sits in the benchmark jar. */
  public static final String RESOURCE = "bench-config/session-rollback-config.yaml";
  private String yaml;
  private final Properties none = new Properties();

  /**
   * Read the shipped file.
   *
   * @throws IOException if the resource is missing
   */
  @Setup(Level.Trial)
  public void read() throws IOException {
    yaml = shipped();
  }

  /**
   * Return the text of the shipped configuration file.
   *
   * @return the YAML text
   * @throws IOException if the resource is missing
   */
  public static String shipped() throws IOException {
    try (InputStream in = ConfigLoadBenchmark.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is not on the class path: build rollback-bench with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** @return the loaded configuration */
  @Benchmark
  public RollbackConfig loadShippedFile() {
    return RollbackConfigLoader.load(new StringReader(yaml), "session-rollback-config.yaml", none);
  }
}
