package dev.magnus.rollback.cli.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StateConfig;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.core.Verification;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StateUpcaster;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compatibility kept forever: the data each storage format wrote (checked in under
 * {@code src/test/resources/golden/<format>/} by {@link GoldenStoreWriter}, a file store directory and a
 * JSON export of its checkpoints) opens, verifies, resumes and rolls back with today's code, and its
 * version 1 state migrates to version 3 through two upcasters. Add a directory whenever a format changes.
 */
class GoldenFormatsTest {
  static final String SESSION = "golden-session";
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final Map<String, Object> RESUMED = Map.of("name", "Ada Lovelace", "step", 1L,
      "plan", List.of("draft", Map.of("model", "small", "cost", 0.25)));

  static Stream<String> formats() throws IOException {
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      List<String> names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(!names.isEmpty(), "no golden data under " + GOLDEN.toAbsolutePath());
      return names.stream();
    }
  }

  private static Path copyOf(String format, Path tmp) throws IOException {
    Path from = GOLDEN.resolve(format).resolve("file-store");
    Path to = tmp.resolve("store");
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void theFileStoreOfEveryFormatOpensVerifiesResumesAndRollsBack(String format, @TempDir Path tmp) throws IOException {
    Path dir = copyOf(format, tmp);
    try (CheckpointStore readOnly = FileStores.builder(dir).readOnly().open()) {
      assertEquals(0, readOnly.stats().corruptions(), format + ": corruptions");
      assertEquals(List.of(), Verification.of(RollbackConfig.ofDefaults()).verifySession(readOnly, SESSION), format);
    }
    try (SessionRollbackEngine engine = SessionRollback.builder().store(FileStores.builder(dir).open()).build()) {
      assertResumesAndRollsBack(engine, format);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void theJsonExportOfEveryFormatVerifiesAndResumesOnTheMemoryStore(String format) throws IOException {
    CheckpointStore store = InMemoryStores.create();
    for (JsonNode n : new ObjectMapper().readTree(GOLDEN.resolve(format).resolve("checkpoints.json").toFile())) {
      store.append(record(n));
    }
    assertEquals(List.of(), Verification.of(RollbackConfig.ofDefaults()).verifySession(store, SESSION), format);
    try (SessionRollbackEngine engine = SessionRollback.builder().store(store).build()) {
      assertResumesAndRollsBack(engine, format);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void versionOneStateOfEveryFormatMigratesToVersionThreeOnTheFileStore(String format, @TempDir Path tmp)
      throws IOException {
    Path dir = copyOf(format, tmp);
    RollbackConfig v3 = RollbackConfig.custom().state(new StateConfig(3)).build();
    try (SessionRollbackEngine engine = SessionRollback.builder().store(FileStores.builder(dir).open()).config(v3)
        .upcaster(StateUpcaster.of(1, a -> rename(a, "name", "fullName")))
        .upcaster(StateUpcaster.of(2, a -> rename(a, "step", "stage")))
        .build()) {
      Session s = engine.resume(SESSION);
      assertEquals("Ada Lovelace", s.getCurrentState().attributes().get("fullName"), format);
      assertEquals(1L, s.getCurrentState().attributes().get("stage"), format);
      Checkpoint newest = s.createCheckpoint(CheckpointType.USER_REQUESTED, "written at version 3");
      s.rollbackToCheckpoint(newest.id());
      assertEquals(1L, s.getCurrentState().attributes().get("stage"), format);
    }
  }

  private static void assertResumesAndRollsBack(SessionRollbackEngine engine, String format) {
    Session s = engine.resume(SESSION);
    assertEquals(RESUMED, s.getCurrentState().attributes(), format + ": resumed state");
    Optional<Checkpoint> large = s.checkpoints().stream().filter(c -> c.description().startsWith("step 2")).findFirst();
    assertTrue(large.isPresent(), format + ": the step 2 checkpoint");
    s.rollbackToCheckpoint(large.get().id());
    assertEquals("x".repeat(20_000), s.getCurrentState().attributes().get("text"), format + ": rolled back to step 2");
  }

  private static CheckpointRecord record(JsonNode n) {
    Map<String, String> labels = new LinkedHashMap<>();
    n.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    Checkpoint c = new Checkpoint(CheckpointId.of(n.get("id").asText()), n.get("sessionId").asText(),
        n.get("sequence").asLong(), n.get("parentId").isNull() ? Optional.empty()
            : Optional.of(CheckpointId.of(n.get("parentId").asText())),
        CheckpointType.valueOf(n.get("type").asText()), n.get("description").asText(),
        Instant.parse(n.get("createdAt").asText()), labels, n.get("stateHash").asText(), n.get("chainHash").asText(),
        n.get("rawSize").asLong(), n.get("storedSize").asLong(), Compression.valueOf(n.get("compression").asText()));
    return new CheckpointRecord(c, Base64.getDecoder().decode(n.get("payload").asText()));
  }

  private static Map<String, Object> rename(Map<String, Object> a, String from, String to) {
    Map<String, Object> next = new LinkedHashMap<>(a);
    next.put(to, next.remove(from));
    return next;
  }
}
