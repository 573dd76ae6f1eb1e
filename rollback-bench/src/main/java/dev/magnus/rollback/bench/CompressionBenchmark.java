package dev.magnus.rollback.bench;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compare zstd (zstd-jni) with the JDK's Deflater on the engine's encoding of the MEDIUM and LARGE
 * states, in microseconds per operation: {@link #compress} and {@link #decompress} of one payload.
 * {@code codec}: {@code deflate-1} is what the engine does (a new {@code Deflater(BEST_SPEED)} per
 * payload, inflated into an array of the recorded size), {@code deflate-6} the JDK default level,
 * {@code zstd-1} and {@code zstd-3} (zstd's default) one-shot {@code Zstd.compress}/{@code decompress}.
 * {@code java -cp rollback-bench/target/benchmarks.jar dev.magnus.rollback.bench.CompressionBenchmark} prints
 * each codec's compressed bytes and ratio, with CPU times that load on a shared machine does not inflate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CompressionBenchmark {
  /** The codecs compared. */
  static final String[] CODECS = {"deflate-1", "deflate-6", "zstd-1", "zstd-3"};

  /** The state size. */
  @Param({"MEDIUM", "LARGE"})
  public BenchStates.Size size;

  /** The codec and level. */
  @Param({"deflate-1", "deflate-6", "zstd-1", "zstd-3"})
  public String codec;

  private byte[] raw;
  private byte[] packed;

  /** Encode the state and compress it once, for {@link #decompress}. */
  @Setup(Level.Trial)
  public void prepare() {
    raw = new Floor().encode(BenchStates.state("compress", size, 0));
    packed = compress(codec, raw);
  }

  /** @return the compressed payload */
  @Benchmark
  public byte[] compress() {
    return compress(codec, raw);
  }

  /** @return the payload decompressed */
  @Benchmark
  public byte[] decompress() {
    return decompress(codec, packed, raw.length);
  }

  static byte[] compress(String codec, byte[] raw) {
    switch (codec) {
      case "deflate-1": return deflate(raw, Deflater.BEST_SPEED);
      case "deflate-6": return deflate(raw, Deflater.DEFAULT_COMPRESSION);
      case "zstd-1": return Zstd.compress(raw, 1);
      case "zstd-3": return Zstd.compress(raw, 3);
      default: throw new IllegalArgumentException("codec " + codec + " is not one of deflate-1, deflate-6, zstd-1, zstd-3");
    }
  }

  static byte[] decompress(String codec, byte[] packed, int rawLength) {
    return codec.startsWith("zstd") ? Zstd.decompress(packed, rawLength) : inflate(packed, rawLength);
  }

  /** Deflate as the engine does: a new Deflater per payload, ended at once. */
  private static byte[] deflate(byte[] raw, int level) {
    Deflater deflater = new Deflater(level);
    try {
      deflater.setInput(raw);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] inflate(byte[] packed, int rawLength) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(packed);
      byte[] raw = new byte[rawLength];
      int n = 0;
      while (n < raw.length && !inflater.finished()) {
        n += inflater.inflate(raw, n, raw.length - n);
      }
      return raw;
    } catch (DataFormatException e) {
      throw new IllegalStateException("inflate failed: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  /**
   * Print each codec's compressed size and ratio on the MEDIUM and LARGE states, then its compress and
   * decompress CPU time per payload: thread CPU time (load on a shared machine does not add to it),
   * interleaved rounds in a rotating order, medians over the rounds.
   *
   * @param args {@code [rounds]}, default 5
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.println("| state | raw bytes | codec | compressed bytes | ratio | compress µs (CPU) | decompress µs (CPU) "
        + "| compress MB/s | decompress MB/s |");
    System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|");
    for (BenchStates.Size s : new BenchStates.Size[] {BenchStates.Size.MEDIUM, BenchStates.Size.LARGE}) {
      byte[] raw = new Floor().encode(BenchStates.state("compress", s, 0));
      java.util.List<CpuCompare.Op> ops = new java.util.ArrayList<>();
      byte[][] packed = new byte[CODECS.length][];
      for (int c = 0; c < CODECS.length; c++) {
        String codec = CODECS[c];
        packed[c] = compress(codec, raw);
        if (!java.util.Arrays.equals(raw, decompress(codec, packed[c], raw.length))) {
          throw new IllegalStateException(codec + " did not round-trip the " + s + " state");
        }
        byte[] p = packed[c];
        ops.add(n -> compress(codec, raw));
        ops.add(n -> decompress(codec, p, raw.length));
      }
      double[][] cpu = new double[ops.size()][rounds];
      for (int r = -1; r < rounds; r++) { // round -1 warms up
        for (int k = 0; k < ops.size(); k++) {
          int i = (Math.max(r, 0) + k) % ops.size();
          double nanos = CpuCompare.measure(ops.get(i), r < 0 ? 600_000_000L : 300_000_000L).cpuNanos();
          if (r >= 0) {
            cpu[i][r] = nanos;
          }
        }
      }
      for (int c = 0; c < CODECS.length; c++) {
        double comp = median(cpu[2 * c]) / 1e3;
        double decomp = median(cpu[2 * c + 1]) / 1e3;
        System.out.println(String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %.2f | %.1f | %.1f | %.0f | %.0f |", s,
            raw.length, CODECS[c], packed[c].length, raw.length / (double) packed[c].length, comp, decomp,
            raw.length / comp, raw.length / decomp));
      }
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
