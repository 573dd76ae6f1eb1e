package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {
  private static final long PID = ProcessHandle.current().pid();

  @TempDir
  Path dir;

  @TempDir
  Path logs;

  @Test
  void secondStoreInTheSameProcessIsRefusedWithTheDirectoryAndHolder() {
    try (CheckpointStore first = FileStores.open(dir)) {
      // when
      StoreException e = assertThrows(StoreException.class, () -> FileStores.open(dir.resolve(".")));

      // then
      assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + PID), e.getMessage());
      assertEquals(0, first.sessions().size());
    }
  }

  @Test
  void directoryCanBeOpenedAgainAfterClose() {
    // given
    FileStores.open(dir).close();

    // when / then
    try (CheckpointStore again = FileStores.open(dir)) {
      assertEquals(0, again.stats().checkpoints());
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void storeInAnotherProcessIsRefusedWithTheDirectoryAndHolderPid() throws Exception {
    // given
    String outcome;
    try (CheckpointStore held = FileStores.open(dir)) {
      // when
      Process child = ChildJvm.start(logs.resolve("child.err"), "lock", dir);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        outcome = out.readLine();
      }
      assertEquals(0, child.waitFor());
      assertEquals(0, held.stats().checkpoints());
    }

    // then
    assertTrue(outcome != null && outcome.startsWith("REFUSED "), "child said: " + outcome);
    assertTrue(outcome.contains(dir.getFileName().toString()), outcome);
    assertTrue(outcome.contains("process " + PID), outcome);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void storeInAnotherProcessOpensOnceTheHolderClosed() throws Exception {
    // given
    FileStores.open(dir).close();

    // when
    Process child = ChildJvm.start(logs.resolve("child.err"), "lock", dir);
    String outcome;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      outcome = out.readLine();
    }

    // then
    assertEquals(0, child.waitFor());
    assertEquals("OPENED 0", outcome);
  }
}
