package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export, import and copy between file stores; the source holds s-1 and s-2, pruned to three checkpoints each. */
class TransferCommandsTest {
  @TempDir
  Path dir;
  private Path source;

  @BeforeEach
  void writeSource() {
    source = dir.resolve("source");
    StoreFiles.write(source);
  }

  /** Return every record of every session of a file store, by session, oldest first. */
  static Map<String, List<CheckpointRecord>> everything(Path data) {
    Map<String, List<CheckpointRecord>> all = new TreeMap<>();
    try (CheckpointStore store = FileStores.builder(data).readOnly().open()) {
      for (String session : new TreeSet<>(store.sessions())) {
        List<CheckpointRecord> records = new ArrayList<>();
        store.list(session, CheckpointQuery.all()).forEach(c -> records.add(store.read(session, c.id()).orElseThrow()));
        all.put(session, records);
      }
    }
    return all;
  }

  private Path export(String... sessions) {
    Path file = dir.resolve("sessions.jsonl");
    List<String> args = new ArrayList<>(List.of("export", "--data", source.toString(), "--out", file.toString()));
    args.addAll(List.of(sessions));
    Cli.Result result = Cli.run(args.toArray(new String[0]));
    assertEquals(0, result.code(), result::toString);
    return file;
  }

  @Test
  void exportThenImportIntoANewFileStoreGivesTheSameRecords() {
    // given
    Path file = export("s-1", "s-2");
    Path target = dir.resolve("target");
    // when
    Cli.Result result = Cli.run("import", file.toString(), "--data", target.toString());
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("imported 6 checkpoints of 2 sessions"), result::toString);
    assertEquals(everything(source), everything(target));
  }

  @Test
  void exportWithoutOutWritesTheLinesToStandardOutput() {
    // when
    Cli.Result result = Cli.run("export", "--data", source.toString(), "s-1");
    // then
    assertEquals(0, result.code(), result::toString);
    assertEquals(5, result.out().lines().count(), "header, three checkpoints, end: " + result);
    assertTrue(result.err().contains("exported 3 checkpoints of 1 session"), result::toString);
  }

  @Test
  void importOfAFileWithOneAlteredByteExitsOneNamingTheLineAndWritesNothing() throws IOException {
    // given
    Path file = export("s-1", "s-2");
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    String third = lines.get(2);
    int at = third.indexOf("\"payload\":\"") + 20;
    lines.set(2, third.substring(0, at) + (third.charAt(at) == 'A' ? 'B' : 'A') + third.substring(at + 1));
    Files.write(file, lines, StandardCharsets.UTF_8);
    Path target = dir.resolve("target");
    // when
    Cli.Result result = Cli.run("import", file.toString(), "--data", target.toString());
    // then
    assertEquals(1, result.code(), result::toString);
    assertTrue(result.err().contains("line 3 of the export"), result::toString);
    assertEquals(Map.of(), everything(target));
  }

  @Test
  void importOfASessionTheStoreHoldsExitsOneUnlessRenamed() {
    // given
    Path file = export("s-1");
    Map<String, List<CheckpointRecord>> before = everything(source);
    // when
    Cli.Result refused = Cli.run("import", file.toString(), "--data", source.toString());
    Map<String, List<CheckpointRecord>> afterRefusal = everything(source);
    Cli.Result renamed = Cli.run("import", file.toString(), "--rename", "--data", source.toString());
    // then
    assertEquals(1, refused.code(), refused::toString);
    assertTrue(refused.err().contains("session 's-1' already exists") && refused.err().contains("--rename"),
        refused::toString);
    assertEquals(before, afterRefusal);
    assertEquals(0, renamed.code(), renamed::toString);
    assertTrue(renamed.out().contains("s-1 -> s-1-imported (renamed)"), renamed::toString);
    assertEquals(3, everything(source).get("s-1-imported").size());
    assertEquals(0, Cli.run("verify", "--data", source.toString()).code(), "the renamed session verifies");
  }

  @Test
  void exportOfAnUnknownSessionExitsOneAndLeavesNoFile() {
    // given
    Path file = dir.resolve("out.jsonl");
    // when
    Cli.Result result = Cli.run("export", "--data", source.toString(), "--out", file.toString(), "s-1", "nope");
    // then
    assertEquals(1, result.code(), result::toString);
    assertTrue(result.err().contains("'nope'"), result::toString);
    assertFalse(Files.exists(file));
    try (var files = java.util.stream.Stream.of(dir.toFile().list())) {
      assertTrue(files.noneMatch(name -> name.endsWith(".partial")), "no partial file is left");
    }
  }

  @Test
  void copyFromFileToFileComparesEverythingAndARerunCopiesNothing() {
    // given
    Path target = dir.resolve("target");
    // when
    Cli.Result first = Cli.run("copy", "--from", "file:" + source, "--to", "file:" + target);
    Cli.Result again = Cli.run("copy", "--from", "file:" + source, "--to", "file:" + target);
    // then
    assertEquals(0, first.code(), first::toString);
    assertTrue(first.out().contains("copied 6 checkpoints of 2 sessions"), first::toString);
    assertEquals(0, again.code(), again::toString);
    assertTrue(again.out().contains("copied 0 checkpoints of 2 sessions") && again.out().contains("6 were already there"),
        again::toString);
    assertEquals(everything(source), everything(target));
  }

  @Test
  void copyWithAMalformedStoreOrAMissingSourceIsAUsageError() {
    // when
    Cli.Result malformed = Cli.run("copy", "--from", "file:" + source, "--to", "jdbc:url");
    Cli.Result missing = Cli.run("copy", "--from", "file:" + dir.resolve("typo"), "--to", "memory");
    // then
    assertEquals(2, malformed.code(), malformed::toString);
    assertTrue(malformed.err().contains("'url' in store 'jdbc:url' is not key=value"), malformed::toString);
    assertEquals(2, missing.code(), missing::toString);
    assertFalse(Files.exists(dir.resolve("typo")), "a missing source is not created");
  }
}
