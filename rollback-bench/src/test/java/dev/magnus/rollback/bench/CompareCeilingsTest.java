package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareCeilingsTest {
  @Test
  void theCeilingRowsAreMediansOfTheRatiosWithinEachRound() {
    // given: three rounds; the ratios within rounds are 6/8/7 (bare), 4/5/6 (engine), 0.5/0.75/1 (store),
    // 0.9/0.8/1 (store without retention deletes)
    Report report = new Report(List.of());
    double[][] rounds = {{1000, 6000, 1000, 4000, 2000, 3600}, {2000, 16000, 1000, 5000, 3750, 4000},
        {1000, 7000, 500, 3000, 3000, 3000}};
    for (double[] v : rounds) {
      report.add(Map.of("group.raw.1", v[0], "group.raw.32", v[1], "group.engine.1", v[2], "group.engine.32", v[3],
          "file.checkpoint.32", v[4], "file.noprune.32", v[5]));
    }

    // when
    String table = Compare.ceilings(report);

    // then
    assertTrue(table.contains("| raw group append + force, 32 writers vs 1 (each waits for its own force; no engine, "
        + "no store) | 7.00x |"), table);
    assertTrue(table.contains("| engine (memory store) + raw group append + force, 32 sessions vs 1 | 5.00x |"), table);
    assertTrue(table.contains("| file store 32 sessions vs engine + raw group append + force, 32 sessions | 0.75x |"),
        table);
    assertTrue(table.contains("| (same, file store without retention deletes) | 0.90x |"), table);
  }

  @Test
  void aRowWhoseFiguresTheRunLeftOutIsLeftOutToo() {
    // given: a run of the group figures alone (--only group.)
    Report report = new Report(List.of());
    report.add(Map.of("group.raw.1", 1000.0, "group.raw.32", 5000.0, "group.engine.1", 1000.0, "group.engine.32",
        4000.0));

    // when
    String table = Compare.ceilings(report);

    // then
    assertTrue(table.contains("| raw group append + force, 32 writers vs 1 (each waits for its own force; no engine, "
        + "no store) | 5.00x |"), table);
    assertTrue(table.contains("| engine (memory store) + raw group append + force, 32 sessions vs 1 | 4.00x |"), table);
    assertTrue(!table.contains("NaN") && !table.contains("file store"), table);
  }

  @Test
  void aRunThatLeftTheGroupFiguresOutPrintsNoCeilingTable() {
    // given
    Report report = new Report(List.of());
    report.add(Map.of("file.checkpoint.32", 20000.0, "file.checkpoint.1", 5000.0));

    // when / then
    assertEquals("", Compare.ceilings(report));
  }
}
