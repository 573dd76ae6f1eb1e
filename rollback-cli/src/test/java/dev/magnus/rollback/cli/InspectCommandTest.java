package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback inspect} opens the file store read-only: it lists what the store can trust, shows the
 * damage summary after the table or in the JSON, and never creates, changes or repairs a file.
 */
class InspectCommandTest {
  @TempDir
  Path dir;

  @Test
  void aDamagedStoreIsListedWithItsDamageSummaryAndNotRepaired() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Path segment = StoreFiles.segments(data).get(0);
    StoreFiles.flipMiddle(segment);
    Map<String, String> before = StoreFiles.fingerprint(data);
    // when
    Cli.Result result = Cli.run("inspect", "--data", data.toString());
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("2 sessions in the file store"), result::toString);
    assertTrue(result.out().contains("damage: the file store in " + data + " counts 1 corruption"), result::toString);
    assertTrue(result.out().contains("    segment " + segment.getFileName() + " does not match its seal"),
        result::toString);
    assertTrue(result.out().contains("rollback repair --data " + data), result::toString);
    assertEquals(before, StoreFiles.fingerprint(data), "inspect changed, created or deleted a file");
  }

  @Test
  void theJsonCarriesTheDamageAndAHealthyStoreHasNone() throws IOException {
    // given
    Path healthy = dir.resolve("healthy");
    Path damaged = dir.resolve("damaged");
    StoreFiles.write(healthy);
    StoreFiles.writeInSeveralSegments(damaged);
    Path deleted = StoreFiles.segments(damaged).get(0);
    Files.delete(deleted);
    // when
    Cli.Result good = Cli.run("inspect", "--json", "--data", healthy.toString());
    Cli.Result bad = Cli.run("inspect", "--json", "s-2", "--data", damaged.toString());
    // then
    assertEquals(0, good.code(), good::toString);
    assertTrue(good.out().matches("(?s).*\"damage\" : \\{\\s*\"corruptions\" : 0,\\s*\"reports\" : \\[ ]\\s*}.*"),
        good::toString);
    assertEquals(0, bad.code(), bad::toString);
    assertTrue(bad.out().matches("(?s).*\"damage\" : \\{\\s*\"corruptions\" : [1-9]\\d*,\\s*\"reports\" : \\[ "
        + "\"segment " + deleted.getFileName() + " is missing: .*"), bad::toString);
  }

  @Test
  void aHealthyStoreShowsNoDamageAndNoFileChanges() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Map<String, String> before = StoreFiles.fingerprint(data);
    // when
    Cli.Result result = Cli.run("inspect", "s-1", "--data", data.toString());
    // then
    assertEquals(0, result.code(), result::toString);
    assertFalse(result.out().contains("damage"), result::toString);
    assertEquals(before, StoreFiles.fingerprint(data));
  }

  @Test
  void aMissingDirectoryIsAUsageErrorAndIsNotCreated() {
    // given
    Path typo = dir.resolve("typo");
    // when
    Cli.Result result = Cli.run("inspect", "--data", typo.toString());
    // then
    assertEquals(2, result.code(), result::toString);
    assertTrue(result.err().contains("--data " + typo + ": no such directory"), result::toString);
    assertFalse(Files.exists(typo), "inspect created the directory it was given");
  }

  @Test
  void aRegularFileIsAUsageError() throws IOException {
    // given
    Path file = Files.writeString(dir.resolve("data"), "x");
    // when
    Cli.Result result = Cli.run("inspect", "--data", file.toString());
    // then
    assertEquals(2, result.code(), result::toString);
    assertTrue(result.err().contains("is a file, not a directory"), result::toString);
  }

  @Test
  void aDamagedStoreInAReadOnlyDirectoryIsListed() throws IOException {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    StoreFiles.flipMiddle(StoreFiles.segments(data).get(0));
    Map<String, String> before = StoreFiles.fingerprint(data);
    Cli.Result result;
    // when
    StoreFiles.Permissions writable = StoreFiles.readOnly(data);
    try {
      result = Cli.run("inspect", "--data", data.toString());
    } finally {
      writable.close();
    }
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("2 sessions") && result.out().contains("counts 1 corruption"), result::toString);
    assertEquals(before, StoreFiles.fingerprint(data));
  }
}
