package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.metrics.micrometer.RollbackMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsCompareTest {
  @Test
  void theMeteredRigCountsEveryCheckpointOnItsRegistry() {
    // given
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EngineRig rig = EngineRig.memoryWith(RollbackMetrics.of(registry), BenchStates.Size.MEDIUM, 1)) {
      // when
      rig.checkpoint(0);
      rig.checkpoint(0);
      // then: SESSION_START and the two checkpoints
      assertEquals(3.0, registry.get("rollback.checkpoints.created").counters().stream()
          .mapToDouble(c -> c.count()).sum());
    }
  }

  @Test
  void everySessionCountIsMeasuredWithAndWithoutMetrics() {
    assertEquals(List.of("memory.checkpoint.plain.1", "memory.checkpoint.metrics.1", "memory.checkpoint.plain.32",
        "memory.checkpoint.metrics.32"), MetricsCompare.cells().stream().map(Cells.Cell::key).toList());
  }
}
