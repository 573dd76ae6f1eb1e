package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback verify} opens the file store read-only: it reports damage (one line per damaged place
 * and the corruption count, exit 1) and never creates, changes or repairs a file; bad --data is a usage
 * error (exit 2) naming the path.
 */
class VerifyCommandTest {
  @TempDir
  Path dir;

  @Test
  void aHealthyStoreVerifiesWithExitZeroAndNoFileChanges() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Map<String, String> before = StoreFiles.fingerprint(data);
    // when
    Cli.Result result = Cli.run("verify", "--data", data.toString());
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("checked 6 checkpoints in 2 sessions") && result.out().contains("no damage"),
        result::toString);
    assertFalse(result.out().contains("store damage"), result::toString);
    assertEquals(before, StoreFiles.fingerprint(data), "verify changed the store's files");
  }

  @Test
  void flippedBytesAreReportedWithTheSegmentAndTheCountAndNothingIsRepaired() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Path segment = StoreFiles.segments(data).get(0);
    StoreFiles.flipMiddle(segment);
    Map<String, String> before = StoreFiles.fingerprint(data);
    // when
    Cli.Result first = Cli.run("verify", "--data", data.toString());
    Cli.Result second = Cli.run("verify", "--data", data.toString());
    // then
    assertEquals(1, first.code(), first::toString);
    assertTrue(first.out().contains("store damage: segment " + segment.getFileName() + " does not match its seal"),
        first::toString);
    assertTrue(first.out().contains("(read-only: not repaired)"), first::toString);
    assertTrue(first.out().contains("counts 1 corruption (records lost or checkpoints withheld) in 1 damaged place"),
        first::toString);
    assertTrue(first.out().contains("rollback repair --data " + data), first::toString);
    assertFalse(first.out().contains("verified"), first::toString);
    assertEquals(before, StoreFiles.fingerprint(data), "verify changed, created or deleted a file: " + first);
    assertEquals(first.out(), second.out(), "a second verify finds the same damage: the first repaired nothing");
  }

  @Test
  void aDeletedSegmentIsReportedAsMissingWithItsLostRecords() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.writeInSeveralSegments(data);
    Path deleted = StoreFiles.segments(data).get(1);
    Files.delete(deleted);
    Map<String, String> before = StoreFiles.fingerprint(data);
    // when
    Cli.Result result = Cli.run("verify", "--data", data.toString());
    // then
    assertEquals(1, result.code(), result::toString);
    assertTrue(result.out().matches("(?s).*store damage: segment " + deleted.getFileName()
        + " is missing: \\d+ record\\(s\\) lost.*"), result::toString);
    assertEquals(before, StoreFiles.fingerprint(data), "verify changed the store's files");
  }

  @Test
  void aMissingDirectoryIsAUsageErrorNamingThePathAndIsNotCreated() {
    // given
    Path typo = dir.resolve("rollbak-data");
    // when
    Cli.Result result = Cli.run("verify", "--data", typo.toString());
    // then
    assertEquals(2, result.code(), result::toString);
    assertTrue(result.err().contains("--data " + typo + ": no such directory"), result::toString);
    assertFalse(result.out().contains("verified"), result::toString);
    assertFalse(Files.exists(typo), "verify created the directory it was given");
  }

  @Test
  void aRegularFileIsAUsageErrorAndIsLeftAsItWas() throws IOException {
    // given
    Path file = Files.writeString(dir.resolve("notes.txt"), "not a store");
    // when
    Cli.Result result = Cli.run("verify", "--data", file.toString());
    // then
    assertEquals(2, result.code(), result::toString);
    assertTrue(result.err().contains("--data " + file + ": is a file, not a directory"), result::toString);
    assertEquals("not a store", Files.readString(file));
  }

  @Test
  void aDirectoryHoldingNoStoreIsAUsageErrorAndStaysEmpty() throws IOException {
    // given
    Path empty = Files.createDirectory(dir.resolve("empty"));
    // when
    Cli.Result result = Cli.run("verify", "--data", empty.toString());
    // then
    assertEquals(2, result.code(), result::toString);
    assertTrue(result.err().contains("this directory holds no file store"), result::toString);
    try (var files = Files.list(empty)) {
      assertEquals(List.of(), files.toList(), "verify wrote into a directory that holds no store");
    }
  }

  @Test
  void aDamagedStoreInAReadOnlyDirectoryIsVerifiedAndReported() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    StoreFiles.flipMiddle(StoreFiles.segments(data).get(0));
    Map<String, String> before = StoreFiles.fingerprint(data);
    Cli.Result result;
    // when
    StoreFiles.Permissions writable = StoreFiles.readOnly(data);
    try {
      result = Cli.run("verify", "--data", data.toString());
    } finally {
      writable.close();
    }
    // then
    assertEquals(1, result.code(), result::toString);
    assertTrue(result.out().contains("does not match its seal") && result.out().contains("counts 1 corruption"),
        result::toString);
    assertEquals(before, StoreFiles.fingerprint(data));
  }

  @Test
  void aStoreOpenForWritingIsNotReadAndTheMessageNamesTheHolder() {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Cli.Result result;
    // when
    CheckpointStore writer = FileStores.open(data);
    try {
      result = Cli.run("verify", "--data", data.toString());
    } finally {
      writer.close();
    }
    // then
    assertEquals(ExitCodes.UNAVAILABLE, result.code(), result::toString);
    assertTrue(result.err().contains("is locked by another open store in this process (pid "
        + ProcessHandle.current().pid() + ")"), result::toString);
  }
}
