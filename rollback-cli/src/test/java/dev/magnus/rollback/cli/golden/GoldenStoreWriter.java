package dev.magnus.rollback.cli.golden;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Write the golden data of one storage format into {@code args[0]}: a file store directory
 * ({@code file-store/}) and a JSON export of the same checkpoints ({@code checkpoints.json}), both made
 * through the engine at state schema version 1 (with delta checkpoints on when a further argument is
 * {@code deltas}; with {@code unclosed}, the store directory is copied while the store is still open,
 * as a crash leaves it: newest segment unsealed, ending in whatever the format leaves after its records).
 * Run once per format version, with that version's code,
 * and check the output in under {@code src/test/resources/golden/<format>/}; {@link GoldenFormatsTest}
 * then proves every later version reads it. Not a test: a tool, run by hand.
 */
public final class GoldenStoreWriter {
  private GoldenStoreWriter() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    List<String> flags = List.of(args).subList(1, args.length);
    boolean unclosed = flags.contains("unclosed");
    Path dir = out.resolve(unclosed ? "open-store" : "file-store");
    Files.createDirectories(out);
    try (CheckpointStore store = FileStores.builder(dir).segmentBytes(4096).open();
        SessionRollbackEngine engine = SessionRollback.builder().store(store).config(config(flags)).build()) {
      Session s = engine.initialize(GoldenFormatsTest.SESSION,
          SessionMetadata.of("golden-user", "test", "1.0", List.of("golden"), Instant.parse("2026-12-07T00:00:00Z")),
          Map.of("name", "Ada Lovelace", "step", 1L, "plan", List.of("draft", Map.of("model", "small", "cost", 0.25))));
      Checkpoint first = s.createCheckpoint(CheckpointType.USER_REQUESTED, "step 1");
      s.update(st -> st.with("step", 2L).with("text", "x".repeat(20_000)));
      s.createCheckpoint(CheckpointType.SCORING_DECISION, "step 2, large enough to be compressed");
      s.update(st -> st.with("step", 3L).without("text"));
      s.createCheckpoint(CheckpointType.USER_REQUESTED, "step 3");
      s.rollbackToCheckpoint(first.id());
      for (int i = 0; flags.contains("deltas") && i < 7; i++) {
        s.createCheckpoint(CheckpointType.USER_REQUESTED, "unchanged " + i); // retention forces linked full snapshots
      }
      export(store, out.resolve("checkpoints.json"));
      if (unclosed) {
        copy(dir, out.resolve("file-store"));
      }
    }
    if (unclosed) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  /**
   * The defaults or, when a flag is {@code deltas}, delta checkpoints on with a short
   * retention (12) so that the base of the rollback's RECOVERY_POINT is deleted and a linked full
   * snapshot is in the data.
   */
  private static RollbackConfig config(List<String> flags) {
    if (!flags.contains("deltas")) {
      return RollbackConfig.ofDefaults();
    }
    return RollbackConfig.custom().checkpoint(dev.magnus.rollback.CheckpointConfig.custom().maxCheckpoints(12)
        .delta(dev.magnus.rollback.DeltaConfig.on()).build()).build();
  }

  private static void export(CheckpointStore store, Path file) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ArrayNode all = json.createArrayNode();
    for (Checkpoint c : store.list(GoldenFormatsTest.SESSION, CheckpointQuery.all())) {
      CheckpointRecord r = store.read(c.sessionId(), c.id()).orElseThrow();
      ObjectNode n = all.addObject();
      n.put("id", c.id().value()).put("sessionId", c.sessionId()).put("sequence", c.sequence())
          .put("parentId", c.parentId().map(dev.magnus.rollback.CheckpointId::value).orElse(null)).put("type", c.type().name())
          .put("description", c.description()).put("createdAt", c.createdAt().toString())
          .put("stateHash", c.stateHash()).put("chainHash", c.chainHash()).put("rawSize", c.rawSize())
          .put("storedSize", c.storedSize()).put("compression", c.compression().name())
          .put("payload", Base64.getEncoder().encodeToString(r.payload()));
      ObjectNode labels = n.putObject("labels");
      c.labels().forEach(labels::put);
    }
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), all);
  }
}
