package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read commands read: {@code inspect}, {@code show}, {@code diff}, {@code timeline} and {@code verify}
 * never create, change or repair anything (proved by a snapshot of every file's content, permissions and
 * modification time, which also holds as root, where permissions stop nobody), work on a read-only
 * directory, refuse to read beside a writer (exit 3, naming it), and a missing --data is exit 2
 * "no store at" with nothing created.
 */
class ReadCommandsTest {
  @TempDir
  Path dir;
  private Path data;
  private List<Checkpoint> written;

  @BeforeEach
  void writeStore() {
    data = dir.resolve("data");
    written = HistoryStore.write(data);
  }

  /** Every read command, with its arguments, reading {@code where}. */
  private List<String[]> readCommands(Path where) {
    String a = written.get(1).id().value();
    String b = written.get(2).id().value();
    List<String[]> commands = new ArrayList<>();
    for (String[] args : List.of(new String[] {"inspect"}, new String[] {"inspect", "s-1", "--json"},
        new String[] {"show", "s-1", a}, new String[] {"diff", "s-1", a, b}, new String[] {"timeline", "s-1"},
        new String[] {"timeline", "s-1", "--json"}, new String[] {"verify"}, new String[] {"verify", "--json"})) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("--data", where.toString()));
      commands.add(all.toArray(new String[0]));
    }
    return commands;
  }

  @Test
  void noReadCommandWritesAnythingInTheStoreDirectory() throws IOException {
    // given
    Map<String, String> before = StoreFiles.snapshot(data);
    for (String[] command : readCommands(data)) {
      // when
      Cli.Result result = Cli.run(command);
      // then
      assertEquals(0, result.code(), String.join(" ", command) + "\n" + result);
      assertEquals(before, StoreFiles.snapshot(data), String.join(" ", command) + " wrote to the store directory");
    }
  }

  @Test
  void everyReadCommandWorksOnAReadOnlyDirectory() throws IOException {
    // given
    Map<String, String> before = StoreFiles.snapshot(data);
    List<String> failed = new ArrayList<>();
    // when
    StoreFiles.Permissions writable = StoreFiles.readOnly(data);
    try {
      for (String[] command : readCommands(data)) {
        Cli.Result result = Cli.run(command);
        if (result.code() != 0) {
          failed.add(String.join(" ", command) + "\n" + result);
        }
      }
    } finally {
      writable.close();
    }
    // then
    assertEquals(List.of(), failed);
    assertEquals(before, StoreFiles.snapshot(data));
  }

  @Test
  void aMissingDataDirectoryIsAUsageErrorSayingNoStoreAndIsNotCreated() {
    // given
    Path typo = dir.resolve("typo");
    for (String[] command : readCommands(typo)) {
      // when
      Cli.Result result = Cli.run(command);
      // then
      assertEquals(ExitCodes.USAGE, result.code(), String.join(" ", command) + "\n" + result);
      assertTrue(result.err().contains("--data " + typo + ": no such directory, so no store at " + typo),
          result::toString);
      assertEquals(1, result.err().strip().lines().count(), "one line: " + result);
      assertFalse(Files.exists(typo), String.join(" ", command) + " created the directory");
    }
  }

  @Test
  void besideAWriterEveryReadCommandIsUnavailableAndNamesTheHolder() {
    // given
    List<String> wrong = new ArrayList<>();
    // when
    CheckpointStore writer = FileStores.open(data);
    try {
      for (String[] command : readCommands(data)) {
        Cli.Result result = Cli.run(command);
        if (result.code() != ExitCodes.UNAVAILABLE || !result.err().contains("is locked by another open store in this "
            + "process (pid " + ProcessHandle.current().pid() + ")")) {
          wrong.add(String.join(" ", command) + "\n" + result);
        }
      }
    } finally {
      writer.close();
    }
    // then
    assertEquals(List.of(), wrong);
  }

  @Test
  void aDataPathThatIsAFileIsAUsageErrorSayingSo() throws IOException {
    // given
    Path file = Files.writeString(dir.resolve("notes.txt"), "not a store");
    for (String[] command : readCommands(file)) {
      // when
      Cli.Result result = Cli.run(command);
      // then
      assertEquals(ExitCodes.USAGE, result.code(), result::toString);
      assertTrue(result.err().contains("--data " + file + ": is a file, not a directory"), result::toString);
      assertFalse(result.err().contains("writable"), result::toString);
    }
  }
}
