package dev.magnus.rollback.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Read the CPU time used so far by this JVM and by the local PostgreSQL server's processes, so a
 * figure can say how much CPU of each side one operation costs (a shared machine changes rates a lot,
 * CPU per operation much less). The server's time is the sum of user and system time in
 * {@code /proc/<pid>/stat} of every process whose name starts with {@code postgres} (backends, WAL
 * writer, checkpointer), in clock ticks of 10 ms; it is -1 where {@code /proc} cannot be read (another
 * OS, or a server on another machine). Backends that exit between two readings drop out of the sum, so
 * readings are taken around figures whose connections stay open. Stateless; thread-safe.
 */
final class CpuMeter {
  private static final double TICK_NANOS = 10_000_000;

  private CpuMeter() {}

  /** One reading of both sides, in nanoseconds (server -1 when unknown). */
  record Reading(long jvmNanos, long serverNanos) {
    /** Microseconds of {client, server} CPU per operation between {@code start} and this reading. */
    double[] perOp(Reading start, double operations) {
      double server = serverNanos < 0 || start.serverNanos < 0 ? -1
          : (serverNanos - start.serverNanos) / 1e3 / operations;
      return new double[] {(jvmNanos - start.jvmNanos) / 1e3 / operations, server};
    }
  }

  static Reading read() {
    return new Reading(jvmNanos(), serverNanos());
  }

  private static long jvmNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  private static long serverNanos() {
    long ticks = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        ticks += postgresTicks(p);
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return (long) (ticks * TICK_NANOS);
  }

  /** User + system ticks of one process if it is a PostgreSQL process, else 0 (also if it just exited). */
  private static long postgresTicks(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      int close = stat.lastIndexOf(')');
      if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
        return 0;
      }
      String[] f = stat.substring(close + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
