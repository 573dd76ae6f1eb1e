package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shared command line of the comparisons. */
class CompareArgsTest {
  @Test
  void quickRoundsAndOutAreReadAndAnUnknownArgumentNamesTheUsage() {
    CompareArgs parsed = CompareArgs.parse("DeltaCompare", new String[] {"--quick", "--rounds", "3", "--out", "x"});
    assertEquals(Compare.Plan.of(true, 3), parsed.plan());
    assertEquals(Path.of("x"), parsed.out());
    assertEquals(Compare.Plan.of(false, 0), CompareArgs.parse("CpuCompare", new String[0]).plan());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CompareArgs.parse("MetricsCompare", new String[] {"--fast"}));
    assertTrue(e.getMessage().contains("--fast") && e.getMessage().contains("usage: MetricsCompare"), e.getMessage());
    assertEquals(java.util.List.of("reopen.", "floor."),
        CompareArgs.parse("Compare", new String[] {"--only", "reopen.,floor."}, true).plan().only());
    assertThrows(IllegalArgumentException.class, () -> CompareArgs.parse("DeltaCompare", new String[] {"--only", "x"}),
        "a comparison that does not filter its cells refuses --only");
  }
}
