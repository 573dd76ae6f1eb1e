package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** CPU per operation from two readings, and a server side that cannot be read. */
class CpuMeterTest {
  @Test
  void perOpDividesEachSidesCpuByTheOperationsAndMarksAnUnknownServerWithMinusOne() {
    // given
    CpuMeter.Reading start = new CpuMeter.Reading(1_000_000, 50_000_000);
    CpuMeter.Reading end = new CpuMeter.Reading(3_000_000, 90_000_000);
    CpuMeter.Reading unknown = new CpuMeter.Reading(3_000_000, -1);
    // when
    double[] known = end.perOp(start, 100);
    double[] notKnown = unknown.perOp(start, 100);
    // then
    assertArrayEquals(new double[] {20, 400}, known, 1e-9);
    assertArrayEquals(new double[] {20, -1}, notKnown, 1e-9);
  }

  @Test
  void aReadingOfThisJvmGrowsWithWorkDone() {
    // given
    CpuMeter.Reading before = CpuMeter.read();
    // when
    long sink = 0;
    for (int i = 0; i < 50_000_000; i++) {
      sink += Long.numberOfTrailingZeros(i ^ sink);
    }
    CpuMeter.Reading after = CpuMeter.read();
    // then
    assertTrue(after.jvmNanos() > before.jvmNanos(), "CPU time of this JVM grew (" + sink + ")");
  }
}
