package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md section 7: "Files 0600, directories 0700", and "a lock (OS file lock) keeps a second process
 * out", also when somebody deleted the {@code LOCK} file by hand while the store was open. POSIX file
 * systems only.
 */
class PermissionsAndLockTest {
  @TempDir
  Path base;

  @TempDir
  Path logs;

  @BeforeEach
  void posixOnly() {
    Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions are not supported here");
  }

  @Test
  void storeDirectoryIs0700AndEveryFileIn0600AfterAppendsARollAndClose() throws IOException {
    // given: a directory the store creates itself, under the process's usual umask
    Path dir = base.resolve("store");

    // when
    try (CheckpointStore store = FileStores.builder(dir).segmentBytes(FileStores.MIN_SEGMENT_BYTES).open()) {
      for (int seq = 1; seq <= 4; seq++) {
        store.append(Fixtures.record("s", seq, 300));
      }
      store.delete("s", List.of(Fixtures.id("s", 1)));
      assertTrue(BlackBoxFiles.segments(dir).size() >= 2, "precondition: the store rolled a segment");

      // then, while open
      assertPermissions(dir, "while open");
    }

    // and after close
    assertPermissions(dir, "after close");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void secondProcessIsRefusedWhileOpenEvenAfterTheLockFileWasDeletedAndOpensAfterClose() throws Exception {
    // given
    Path dir = base.resolve("store");
    try (CheckpointStore store = FileStores.open(dir)) {
      store.append(Fixtures.record("s", 1, 100));
      String normal = child(dir, "normal");
      assertTrue(normal.startsWith("REFUSED "), "a second process opened the open store: " + normal);

      // when
      Files.delete(dir.resolve("LOCK"));
      String afterDelete = child(dir, "after-delete");

      // then
      assertTrue(afterDelete.startsWith("REFUSED "),
          "with LOCK deleted by hand, a second process opened the store that is still open: " + afterDelete);
      store.append(Fixtures.record("s", 2, 100));
    }
    assertEquals("OPENED 1", child(dir, "after-close"), "once the holder closed, another process opens the store");
    try (CheckpointStore again = FileStores.open(dir)) {
      assertEquals(2, again.list("s", CheckpointQuery.all()).size());
    }
  }

  private String child(Path dir, String name) throws IOException, InterruptedException {
    Process child = ChildJvm.start(logs.resolve(name + ".err"), "lock", dir);
    String outcome;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      outcome = out.readLine();
    }
    assertEquals(0, child.waitFor(), name + ": child exit code; stderr in " + logs.resolve(name + ".err"));
    return String.valueOf(outcome);
  }

  private static void assertPermissions(Path dir, String when) throws IOException {
    Map<String, String> wrong = new TreeMap<>();
    String dirPerms = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
    if (!dirPerms.equals("rwx------")) {
      wrong.put(".", dirPerms);
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (p.equals(dir)) {
          continue;
        }
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        String want = Files.isDirectory(p) ? "rwx------" : "rw-------";
        if (!perms.equals(want)) {
          wrong.put(dir.relativize(p).toString(), perms);
        }
      }
    }
    assertEquals(Map.of(), wrong, when + ": the directory must be rwx------ and every file rw-------");
  }
}
