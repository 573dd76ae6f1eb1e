package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFilesTest {
  @TempDir
  Path dir;

  private void runEngine(CheckpointStore store, Path file, boolean initialize) {
    SessionRollbackEngine engine = SessionRollback.builder().store(store).clock(new ManualClock(T0))
        .auditSink(AuditFiles.appendTo(file)).build();
    Session session = initialize ? engine.initialize("s1", metadata(), Map.of("k", "v")) : engine.resume("s1");
    session.rollbackToCheckpoint(session.createCheckpoint(CheckpointType.USER_REQUESTED, "c").id());
  }

  @Test
  void theFileHoldsEveryEntryOfEveryRunAndEachChainVerifies() {
    Path file = dir.resolve("audit.jsonl");
    InjectingStore store = InjectingStore.view(InMemoryStores.create());
    runEngine(store, file, true);
    runEngine(store, file, false);

    List<AuditVerification> chains = AuditFiles.verify(file);

    assertEquals(2, chains.size(), "one chain per engine run");
    assertTrue(chains.stream().allMatch(AuditVerification::valid), chains.toString());
    assertEquals(chains.get(0).entriesChecked() + chains.get(1).entriesChecked(), AuditFiles.read(file).size());
  }

  @Test
  void aModifiedLineBreaksItsChainAndNamesTheEntry() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    runEngine(InMemoryStores.create(), file, true);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    lines.set(2, lines.get(2).replace("\"type\":\"USER_REQUESTED\"", "\"type\":\"SESSION_START\""));
    Files.write(file, lines, StandardCharsets.UTF_8);

    AuditVerification chain = AuditFiles.verify(file).get(0);

    assertFalse(chain.valid());
    assertEquals(3L, chain.firstBadEntryId().orElseThrow());
  }

  @Test
  void aLineThatIsNotAnEntryIsReportedWithItsNumber() throws IOException {
    Path file = Files.writeString(dir.resolve("audit.jsonl"), "{\"entryId\":1}\n");

    StoreException e = assertThrows(StoreException.class, () -> AuditFiles.read(file));

    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }

  @Test
  void aNewAuditFileIsReadableAndWritableByItsOwnerOnly() throws IOException {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions are not supported by this file system");
    Path file = dir.resolve("audit.jsonl");

    runEngine(InMemoryStores.create(), file, true);

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
        "audit entries name sessions and users: the file must be private like the store's files");
    assertFalse(AuditFiles.read(file).isEmpty(), "entries were appended");
  }

  @Test
  void aMissingFileHasNoEntries() {
    assertEquals(List.of(), AuditFiles.verify(dir.resolve("none.jsonl")));
  }
}
