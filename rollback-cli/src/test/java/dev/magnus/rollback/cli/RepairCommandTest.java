package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback repair}: without --yes it prints what it found and the plan, changes nothing and exits
 * 1 (a problem found); with --yes it repairs through a writable open, reopens read-only, and exits 0 only when nothing is
 * left to report.
 */
class RepairCommandTest {
  @TempDir
  Path dir;

  @Test
  void aHealthyStoreHasNothingToRepairAndIsNotTouchedEvenWithYes() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Map<String, String> before = StoreFiles.fingerprint(data);
    // when
    Cli.Result plan = Cli.run("repair", "--data", data.toString());
    Cli.Result yes = Cli.run("repair", "--data", data.toString(), "--yes");
    // then
    assertEquals(0, plan.code(), plan::toString);
    assertEquals(0, yes.code(), yes::toString);
    assertTrue(yes.out().contains("is healthy: nothing to repair"), yes::toString);
    assertEquals(before, StoreFiles.fingerprint(data), "repair touched a healthy store");
  }

  @Test
  void withoutYesItPrintsWhatItFoundAndThePlanChangesNothingAndExitsOne() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    String segment = StoreFiles.segments(data).get(0).getFileName().toString();
    StoreFiles.flipMiddle(data.resolve(segment));
    Map<String, String> before = StoreFiles.fingerprint(data);
    // when
    Cli.Result result = Cli.run("repair", "--data", data.toString());
    // then
    assertEquals(ExitCodes.PROBLEMS, result.code(), result::toString);
    assertTrue(result.out().contains("segment " + segment + " does not match its seal"), result::toString);
    assertTrue(result.out().contains("- salvage " + segment + ": write its intact records to a new " + segment
        + " and keep the damaged original as " + segment + ".corrupt"), result::toString);
    assertTrue(result.out().contains("nothing was changed: run `rollback repair --data " + data + " --yes`"),
        result::toString);
    assertEquals(before, StoreFiles.fingerprint(data), "repair without --yes changed a file");
  }

  @Test
  void withYesItSalvagesTheSegmentKeepsTheOriginalAndLeavesNothingToReport() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Path segment = StoreFiles.segments(data).get(0);
    StoreFiles.flipMiddle(segment);
    byte[] damaged = Files.readAllBytes(segment);
    // when
    Cli.Result result = Cli.run("repair", "--data", data.toString(), "--yes");
    Cli.Result verify = Cli.run("verify", "--data", data.toString());
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("1 segment(s) salvaged (salvagedSegments)"), result::toString);
    assertTrue(result.out().contains("verified: reopened read-only, the file store in " + data + " reports no damage"),
        result::toString);
    Path original = data.resolve(segment.getFileName() + ".corrupt");
    assertArrayEquals(damaged, Files.readAllBytes(original), "the damaged original is kept byte for byte");
    assertFalse(verify.out().contains("store damage"), verify::toString);
    assertTrue(verify.out().contains("note: 1 quarantined file(s) (*.corrupt)"), verify::toString);
  }

  @Test
  void aDeletedSegmentIsForgottenAndTheCheckpointsItMayHaveDeletedAreTombstoned() throws IOException {
    // given: the newest segment holds retention's deletion records of s-2
    Path data = dir.resolve("data");
    StoreFiles.writeInSeveralSegments(data);
    Path newest = StoreFiles.segments(data).get(StoreFiles.segments(data).size() - 1);
    Files.delete(newest);
    // when
    Cli.Result plan = Cli.run("repair", "--data", data.toString());
    Cli.Result yes = Cli.run("repair", "--data", data.toString(), "--yes");
    Cli.Result again = Cli.run("repair", "--data", data.toString());
    // then
    assertEquals(ExitCodes.PROBLEMS, plan.code(), plan::toString);
    assertTrue(plan.out().contains("- forget " + newest.getFileName() + ": it is missing"), plan::toString);
    assertTrue(plan.out().matches("(?s).*- tombstone \\d+ withheld checkpoint\\(s\\) of session 's-2' so that "
        + "they are never served.*"), plan::toString);
    assertEquals(0, yes.code(), yes::toString);
    assertTrue(yes.out().matches("(?s).*\\d+ withheld checkpoint\\(s\\) tombstoned.*"), yes::toString);
    assertEquals(0, again.code(), again::toString);
    assertTrue(again.out().contains("is healthy: nothing to repair"), again::toString);
  }

  @Test
  void aLeftoverTemporaryFileOfAnInterruptedRollIsPlannedThenDeleted() throws IOException {
    // given: a healthy store that verify accepts, and the temp file of a roll a crash interrupted
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Path temp = Files.writeString(data.resolve("segment-00000000000000000099.log.tmp"), "unfinished");
    // when
    Cli.Result plan = Cli.run("repair", "--data", data.toString());
    boolean keptByPlan = Files.exists(temp);
    Cli.Result yes = Cli.run("repair", "--data", data.toString(), "--yes");
    // then
    assertEquals(ExitCodes.PROBLEMS, plan.code(), plan::toString);
    assertTrue(plan.out().contains("- delete " + temp.getFileName() + ": an unfinished temporary file"),
        plan::toString);
    assertTrue(keptByPlan, "the plan alone deleted the file");
    assertEquals(0, yes.code(), yes::toString);
    assertTrue(yes.out().contains("1 leftover file(s) cleared"), yes::toString);
    assertFalse(Files.exists(temp), "the writable open deletes the leftover");
  }

  @Test
  void theRepairedFilesKeepTheGroupAccessOfTheDirectory() throws IOException {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions are not supported by this file system");
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data, 64L << 20, true);
    Path segment = StoreFiles.segments(data).get(0);
    StoreFiles.flipMiddle(segment);
    // when
    Cli.Result result = Cli.run("repair", "--data", data.toString(), "--yes");
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("give new files rw-r----- (the directory lets its group read)"), result::toString);
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(segment)));
  }

  @Test
  void aMissingDirectoryOrARegularFileIsAUsageErrorAndNothingIsCreated() throws IOException {
    // given
    Path typo = dir.resolve("typo");
    Path file = Files.writeString(dir.resolve("file"), "x");
    // when
    Cli.Result missing = Cli.run("repair", "--data", typo.toString(), "--yes");
    Cli.Result notADirectory = Cli.run("repair", "--data", file.toString(), "--yes");
    // then
    assertEquals(2, missing.code(), missing::toString);
    assertTrue(missing.err().contains("--data " + typo + ": no such directory"), missing::toString);
    assertFalse(Files.exists(typo), "repair created the directory it was given");
    assertEquals(2, notADirectory.code(), notADirectory::toString);
    assertTrue(notADirectory.err().contains("--data " + file + ": is a file, not a directory"),
        notADirectory::toString);
    assertEquals("x", Files.readString(file));
  }

  @Test
  void aReadOnlyDirectoryGetsThePlanAndWithYesFailsWithoutChangingAFile() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    StoreFiles.flipMiddle(StoreFiles.segments(data).get(0));
    Map<String, String> before = StoreFiles.fingerprint(data);
    Cli.Result plan;
    Cli.Result yes;
    // when
    StoreFiles.Permissions writable = StoreFiles.readOnly(data);
    try {
      plan = Cli.run("repair", "--data", data.toString());
      yes = Cli.run("repair", "--data", data.toString(), "--yes");
    } finally {
      writable.close();
    }
    // then
    assertEquals(ExitCodes.PROBLEMS, plan.code(), plan::toString);
    assertTrue(plan.out().contains("- salvage segment-"), plan::toString);
    assertEquals(ExitCodes.UNAVAILABLE, yes.code(), yes::toString);
    assertTrue(yes.err().contains("nothing was changed: " + data + " is read-only"), yes::toString);
    assertEquals(before, StoreFiles.fingerprint(data));
  }
}
