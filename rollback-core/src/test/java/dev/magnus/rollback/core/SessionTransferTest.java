package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionAlreadyExistsException;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StateConfig;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTransferTest {
  private static final RollbackConfig CONFIG = RollbackConfig.ofDefaults();
  private static final SessionTransfer TRANSFER = SessionTransfer.of(CONFIG, Map.of());
  private final CheckpointStore source = InMemoryStores.create();

  @TempDir
  Path dir;

  /** Write two sessions of {@code steps + 1} checkpoints each, one with a rollback, auditing to a file. */
  private Path writeSessions(int steps) {
    Path audit = dir.resolve("audit.jsonl");
    SessionRollbackEngine engine = SessionRollback.builder().config(CONFIG).store(source)
        .auditSink(AuditFiles.appendTo(audit)).build();
    for (String id : List.of("a", "b")) {
      Session session = engine.initialize(id, Fixtures.metadata(), Map.of("n", 0L));
      for (long i = 1; i <= steps; i++) {
        long n = i;
        session.update(s -> s.with("n", n));
        session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
      }
    }
    Session a = engine.resume("a");
    a.rollbackToCheckpoint(source.list("a", CheckpointQuery.all()).get(0).id());
    return audit;
  }

  private static String export(CheckpointStore store, List<String> sessions, Path audit) throws IOException {
    StringWriter out = new StringWriter();
    TRANSFER.export(store, sessions, out, audit);
    return out.toString();
  }

  private static SessionTransfer.Imported importText(String text, CheckpointStore target, boolean rename)
      throws IOException {
    return TRANSFER.importFrom(new BufferedReader(new StringReader(text)), target, rename);
  }

  /** Return every record of a session, oldest first. */
  private static List<CheckpointRecord> records(CheckpointStore store, String session) {
    List<CheckpointRecord> records = new ArrayList<>();
    store.list(session, CheckpointQuery.all()).forEach(c -> records.add(store.read(session, c.id()).orElseThrow()));
    return records;
  }

  @Test
  void exportThenImportGivesTheSameDescriptorsAndPayloads() throws IOException {
    // given
    Path audit = writeSessions(3);
    String text = export(source, List.of("a", "b"), audit);
    CheckpointStore target = InMemoryStores.create();
    // when
    SessionTransfer.Imported imported = importText(text, target, false);
    // then
    assertEquals(Map.of("a", "a", "b", "b"), imported.sessions());
    assertEquals(source.list("a", CheckpointQuery.all()).size() + 4, imported.checkpoints());
    assertTrue(imported.auditEntries() > 0, "the audit entries of both sessions travel with them");
    assertEquals(records(source, "a"), records(target, "a"));
    assertEquals(records(source, "b"), records(target, "b"));
  }

  @Test
  void everyAlteredByteIsRefusedNamingItsLineAndNothingIsWritten() throws IOException {
    // given
    Path audit = writeSessions(1);
    String text = export(source, List.of("a"), audit);
    CheckpointStore target = InMemoryStores.create();
    // when / then
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        continue;
      }
      String altered = text.substring(0, i) + (text.charAt(i) == 'x' ? 'y' : 'x') + text.substring(i + 1);
      int line = (int) text.substring(0, i).chars().filter(ch -> ch == '\n').count() + 1;
      int at = i;
      IntegrityViolationException e = assertThrows(IntegrityViolationException.class,
          () -> importText(altered, target, false), () -> "byte " + at + " altered was imported: " + text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 20)));
      assertTrue(e.getMessage().startsWith("line " + line + " of the export "), e.getMessage());
      assertEquals(0, target.sessions().size(), "nothing is written");
    }
  }

  @Test
  void aLineRewrittenWithAValidLineHashIsStillRefusedByItsStateOrChainHash() throws IOException {
    // given: line 3 (the second checkpoint of a) rewritten whole, so its line hash matches again
    Path audit = writeSessions(2);
    List<String> lines = List.of(export(source, List.of("a"), audit).split("\n"));
    CheckpointRecord second = records(source, "a").get(1);
    Checkpoint c = second.checkpoint();
    byte[] flipped = second.payload();
    flipped[flipped.length / 2] ^= 1;
    Checkpoint described = new Checkpoint(c.id(), c.sessionId(), c.sequence(), c.parentId(), c.type(), "other",
        c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(), c.storedSize(), c.compression());
    CheckpointStore target = InMemoryStores.create();
    // when
    IntegrityViolationException payload = assertThrows(IntegrityViolationException.class, () -> importText(
        replaceLine(lines, 2, TransferLines.checkpoint(new CheckpointRecord(c, flipped))), target, false));
    IntegrityViolationException chain = assertThrows(IntegrityViolationException.class, () -> importText(
        replaceLine(lines, 2, TransferLines.checkpoint(new CheckpointRecord(described, second.payload()))), target,
        false));
    // then
    assertTrue(payload.getMessage().startsWith("line 3 of the export holds checkpoint #2")
        && payload.getMessage().contains("state hash does not match"), payload.getMessage());
    assertTrue(chain.getMessage().startsWith("line 3 of the export holds checkpoint #2")
        && chain.getMessage().contains("chain hash does not match"), chain.getMessage());
    assertEquals(0, target.sessions().size());
  }

  private static String replaceLine(List<String> lines, int index, String line) {
    List<String> changed = new ArrayList<>(lines);
    changed.set(index, line.strip());
    return String.join("\n", changed) + "\n";
  }

  @Test
  void anExportMissingALineOrItsEndIsRefused() throws IOException {
    // given
    Path audit = writeSessions(2);
    List<String> lines = List.of(export(source, List.of("a"), audit).split("\n"));
    String withoutThird = String.join("\n", lines.subList(0, 2)) + "\n"
        + String.join("\n", lines.subList(3, lines.size())) + "\n";
    String cut = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";
    CheckpointStore target = InMemoryStores.create();
    // when
    IntegrityViolationException dropped = assertThrows(IntegrityViolationException.class,
        () -> importText(withoutThird, target, false));
    IntegrityViolationException short_ = assertThrows(IntegrityViolationException.class,
        () -> importText(cut, target, false));
    // then
    assertTrue(dropped.getMessage().startsWith("line " + (lines.size() - 1) + " of the export counts "),
        dropped.getMessage());
    assertTrue(short_.getMessage().contains("cut short"), short_.getMessage());
    assertEquals(0, target.sessions().size());
  }

  @Test
  void aSessionTheTargetHoldsIsRefusedUnlessRenamed() throws IOException {
    // given
    Path audit = writeSessions(2);
    String text = export(source, List.of("a"), audit);
    CheckpointStore target = InMemoryStores.create();
    importText(text, target, false);
    int before = target.list("a", CheckpointQuery.all()).size();
    // when
    assertThrows(SessionAlreadyExistsException.class, () -> importText(text, target, false));
    SessionTransfer.Imported renamed = importText(text, target, true);
    // then
    assertEquals(before, target.list("a", CheckpointQuery.all()).size(), "the refused import wrote nothing");
    assertEquals(Map.of("a", "a-imported"), renamed.sessions());
    assertEquals(List.of(), Verification.of(CONFIG).verifySession(target, "a-imported"));
    Checkpoint newest = target.latest("a-imported").orElseThrow();
    assertEquals("a", newest.label("renamedFrom").orElseThrow());
    Verification.Verified state = (Verification.Verified) Verification.of(CONFIG)
        .read(target, "a-imported", newest.id()).orElseThrow();
    assertEquals("a-imported", state.state().sessionId());
    assertEquals(0L, state.state().attributes().get("n"), "the rollback's restored state came along");
    String restored = newest.label(Checkpoint.RESTORED_FROM).orElseThrow();
    assertTrue(target.read("a-imported", dev.magnus.rollback.CheckpointId.of(restored)).isPresent(),
        "restoredFrom names the renamed checkpoint");
  }

  @Test
  void aRenamedImportKeepsEachCheckpointsSchemaVersion() throws IOException {
    // given: checkpoints written at schema version 1, imported by a transfer configured for version 2
    Path audit = writeSessions(1);
    String text = export(source, List.of("a"), audit);
    RollbackConfig v2 = RollbackConfig.custom().state(new StateConfig(2)).build();
    CheckpointStore target = InMemoryStores.create();
    importText(text, target, false);
    // when
    SessionTransfer.of(v2, Map.of()).importFrom(new BufferedReader(new StringReader(text)), target, true);
    // then
    Checkpoint first = target.list("a-imported", CheckpointQuery.all()).get(0);
    Verification.Verified read = (Verification.Verified) Verification.of(v2, Map.of())
        .read(target, "a-imported", first.id()).orElseThrow();
    assertEquals(1, read.schemaVersion(), "the state was not restamped as version 2 without an upcast");
  }

  @Test
  void exportOfAnUnknownSessionIsRefusedBeforeWritingAnything() {
    // given
    writeSessions(1);
    StringWriter out = new StringWriter();
    // when
    SessionNotFoundException e = assertThrows(SessionNotFoundException.class,
        () -> TRANSFER.export(source, List.of("a", "nope"), out, null));
    // then
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    assertEquals("", out.toString());
  }

  @Test
  void copyWritesEverySessionAndARerunWritesNothing() {
    // given
    writeSessions(3);
    CheckpointStore target = InMemoryStores.create();
    long total = source.list("a", CheckpointQuery.all()).size() + source.list("b", CheckpointQuery.all()).size();
    // when
    SessionTransfer.Copied first = TRANSFER.copy(source, target);
    SessionTransfer.Copied again = TRANSFER.copy(source, target);
    // then
    assertEquals(new SessionTransfer.Copied(2, total, 0), first);
    assertEquals(new SessionTransfer.Copied(2, 0, total), again);
    assertEquals(records(source, "a"), records(target, "a"));
    assertEquals(records(source, "b"), records(target, "b"));
  }

  @Test
  void copyAfterAnInterruptionWritesOnlyWhatIsMissing() {
    // given: a target holding what an interrupted copy wrote (all of a, the first two of b)
    writeSessions(3);
    CheckpointStore target = InMemoryStores.create();
    records(source, "a").forEach(target::append);
    records(source, "b").subList(0, 2).forEach(target::append);
    // when
    SessionTransfer.Copied copied = TRANSFER.copy(source, target);
    // then
    long inA = records(source, "a").size();
    assertEquals(new SessionTransfer.Copied(2, 2, inA + 2), copied);
    assertEquals(records(source, "b"), records(target, "b"));
  }

  @Test
  void copyRefusesATargetSessionThatIsNotACopyOfTheSource() {
    // given
    writeSessions(1);
    CheckpointStore target = InMemoryStores.create();
    SessionRollback.builder().config(CONFIG).store(target).build().initialize("b", Fixtures.metadata(), Map.of());
    // when
    CheckpointConflictException e = assertThrows(CheckpointConflictException.class, () -> TRANSFER.copy(source, target));
    // then
    assertTrue(e.getMessage().contains("session 'b'"), e.getMessage());
  }

  @Test
  void copyRefusesATamperedSourceCheckpointBeforeWritingIt() {
    // given
    writeSessions(2);
    CheckpointStore tampered = InMemoryStores.create();
    List<CheckpointRecord> a = records(source, "a");
    for (int i = 0; i < a.size(); i++) {
      byte[] bytes = a.get(i).payload();
      bytes[bytes.length / 2] ^= i == 1 ? 1 : 0;
      tampered.append(new CheckpointRecord(a.get(i).checkpoint(), bytes));
    }
    CheckpointStore target = InMemoryStores.create();
    // when
    assertThrows(IntegrityViolationException.class, () -> TRANSFER.copy(tampered, target));
    // then
    assertEquals(1, target.list("a", CheckpointQuery.all()).size(), "only the checkpoint before it was written");
  }
}
