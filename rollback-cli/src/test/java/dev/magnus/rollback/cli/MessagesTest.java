package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages are written for the person at the command line: which command or option to use, never the
 * engine's advice to API callers ("pick one from session.checkpoints()", "initialize it, or check
 * storage.type"); a data path that is a file says so.
 */
class MessagesTest {
  private static final List<String> API_WORDING = List.of("session.checkpoints()", "initialize it", "storage.type",
      "Roll back to another checkpoint", "run recovery", "FileStores.builder", "check that it is a readable and "
          + "writable directory");

  @TempDir
  Path dir;

  private static void assertCliWording(Cli.Result result) {
    for (String api : API_WORDING) {
      assertFalse((result.out() + result.err()).contains(api), "API wording '" + api + "' in: " + result);
    }
  }

  @Test
  void restoreOfAnUnknownCheckpointNamesTheCommandThatListsTheCheckpoints() {
    // given
    Path data = dir.resolve("data");
    HistoryStore.write(data);
    // when
    Cli.Result result = Cli.run("restore", "s-1", "NOSUCHCHECKPOINT", "--data", data.toString());
    // then
    assertEquals(ExitCodes.PROBLEMS, result.code(), result::toString);
    assertTrue(result.err().contains("session 's-1' has no checkpoint NOSUCHCHECKPOINT (unknown id, or deleted by "
        + "retention); `rollback inspect s-1 --data " + data + "` lists its checkpoints"), result::toString);
    assertCliWording(result);
  }

  @Test
  void restoreOfAnUnknownSessionListsTheSessionsAndTheCommand() {
    // given
    Path data = dir.resolve("data");
    List<Checkpoint> written = HistoryStore.write(data);
    // when
    Cli.Result result = Cli.run("restore", "nope", written.get(0).id().value(), "--data", data.toString());
    // then
    assertEquals(ExitCodes.PROBLEMS, result.code(), result::toString);
    assertTrue(result.err().contains("no session 'nope' in the file store in " + data + "; it holds 1 session: s-1 "
        + "(`rollback inspect --data " + data + "` lists them)"), result::toString);
    assertCliWording(result);
  }

  @Test
  void aDemoDataPathThatIsAFileOrUnderAFileSaysSo() throws IOException {
    // given
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    // when
    Cli.Result itself = Cli.run("demo", "--data", file.toString());
    Cli.Result under = Cli.run("demo", "--data", file.resolve("store").toString());
    // then
    assertEquals(ExitCodes.USAGE, itself.code(), itself::toString);
    assertTrue(itself.err().contains("--data " + file + ": is a file, not a directory"), itself::toString);
    assertEquals(ExitCodes.USAGE, under.code(), under::toString);
    assertTrue(under.err().contains(file + " is a file, so no directory can be created under it"), under::toString);
    assertCliWording(itself);
    assertCliWording(under);
    assertEquals("x", Files.readString(file));
  }

  @Test
  void restoreInAReadOnlyDirectoryIsUnavailableInCliWords() throws IOException {
    // given
    Path data = dir.resolve("data");
    List<Checkpoint> written = HistoryStore.write(data);
    Cli.Result result;
    // when
    StoreFiles.Permissions writable = StoreFiles.readOnly(data);
    try {
      result = Cli.run("restore", "s-1", written.get(1).id().value(), "--data", data.toString());
    } finally {
      writable.close();
    }
    // then
    assertEquals(ExitCodes.UNAVAILABLE, result.code(), result::toString);
    assertTrue(result.err().contains("is read-only and `rollback restore` appends to it: make it writable"),
        result::toString);
    assertCliWording(result);
  }
}
