package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs, each an engine on its own pool, checkpoint one session in one database at once: the
 * demonstration that a second node gets a conflict instead of overwriting the first one's history.
 */
class TwoProcessesTest {
  private static final String SESSION = "two-processes";
  private static final int ATTEMPTS = 30;
  private final String schema = TestDatabase.freshSchema("procs");

  @AfterEach
  void drop() {
    TestDatabase.dropSchema(schema);
  }

  @Test
  void twoProcessesOnOneSessionReportEveryConflictAndLoseNothing(@TempDir Path tmp) throws Exception {
    // given
    try (SessionRollbackEngine engine = Nodes.engine(schema)) {
      engine.initialize(SESSION, Nodes.METADATA, Map.of());
    }
    List<Process> nodes = List.of(start("A", tmp), start("B", tmp));
    List<BufferedReader> outputs = new ArrayList<>();
    for (Process p : nodes) {
      BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("READY", in.readLine(), "a node did not start; see its stderr in " + tmp);
      outputs.add(in);
    }
    // when
    for (Process p : nodes) {
      OutputStream go = p.getOutputStream();
      go.write("go\n".getBytes(StandardCharsets.UTF_8));
      go.flush();
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      outputs.get(i).lines().forEach(lines::add);
      assertTrue(nodes.get(i).waitFor(120, TimeUnit.SECONDS), "node did not finish");
      assertEquals(0, nodes.get(i).exitValue(), "a node failed with something else than a conflict; see " + tmp);
    }
    // then
    List<String> acks = lines.stream().filter(l -> l.startsWith("ACK ")).map(l -> l.substring(4)).toList();
    List<String> conflicts = lines.stream().filter(l -> l.startsWith("CONFLICT ")).toList();
    System.out.printf("two processes: %d committed, %d conflicts, e.g. %s%n", acks.size(), conflicts.size(),
        conflicts.isEmpty() ? "-" : conflicts.get(0));
    assertEquals(2, lines.stream().filter("DONE"::equals).count());
    assertEquals(2 * ATTEMPTS, acks.size() + conflicts.size(), "every attempt committed or reported a conflict");
    conflicts.forEach(c -> assertTrue(c.contains("already has sequence") || c.contains("deleted"), c));
    List<Checkpoint> stored;
    try (CheckpointStore store = TestDatabase.open(schema)) {
      stored = store.list(SESSION, CheckpointQuery.all());
    }
    assertEquals(1 + acks.size(), stored.size(), "one stored checkpoint per acknowledgement, plus SESSION_START");
    Set<String> storedIds = new HashSet<>();
    for (int k = 0; k < stored.size(); k++) {
      assertEquals(k + 1L, stored.get(k).sequence(), "gap-free sequences");
      storedIds.add(stored.get(k).id().value());
    }
    assertTrue(storedIds.containsAll(acks), "no acknowledged checkpoint lost");
  }

  private Process start(String name, Path tmp) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath,
        ConflictNode.class.getName(), schema, SESSION, name, Integer.toString(ATTEMPTS))
        .redirectError(tmp.resolve("node-" + name + ".err").toFile())
        .start();
  }
}
