package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user runs it: {@link RollbackCommand#main} in a new JVM, whose exit status is the
 * process's, against a damaged store, a missing directory, and a store another process (this one)
 * has open for writing.
 */
class CliChildJvmTest {
  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
    }
  }

  private Run rollback(String... args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", classPath, RollbackCommand.class.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve("child.out");
    Path err = dir.resolve("child.err");
    Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null"))).start();
    if (!child.waitFor(5, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new AssertionError("the child JVM running rollback " + List.of(args) + " did not exit; killed it");
    }
    return new Run(child.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }

  @Test
  void verifyOfADamagedStoreExitsOneAndLeavesEveryFileAsItWas() throws Exception {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Path segment = StoreFiles.segments(data).get(0);
    StoreFiles.flipMiddle(segment);
    Map<String, String> before = StoreFiles.fingerprint(data);
    // when
    Run run = rollback("verify", "--data", data.toString());
    // then
    assertEquals(1, run.code(), run::toString);
    assertTrue(run.out().contains("store damage: segment " + segment.getFileName()), run::toString);
    assertEquals(before, StoreFiles.fingerprint(data), "verify in a child JVM changed the store");
  }

  @Test
  void verifyOfAMissingDirectoryExitsTwoNamingThePath() throws Exception {
    // given
    Path typo = dir.resolve("typo");
    // when
    Run run = rollback("verify", "--data", typo.toString());
    // then
    assertEquals(2, run.code(), run::toString);
    assertTrue(run.err().contains("--data " + typo + ": no such directory"), run::toString);
    assertFalse(Files.exists(typo), "verify created the directory");
  }

  @Test
  void aStoreOpenForWritingInAnotherProcessIsNotReadAndTheHolderIsNamed() throws Exception {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Run inspect;
    Run repair;
    // when
    CheckpointStore writer = FileStores.open(data);
    try {
      inspect = rollback("inspect", "--data", data.toString());
      repair = rollback("repair", "--data", data.toString(), "--yes");
    } finally {
      writer.close();
    }
    // then
    String holder = "is locked by process " + ProcessHandle.current().pid() + ", which has it open for writing";
    assertEquals(ExitCodes.UNAVAILABLE, inspect.code(), inspect::toString);
    assertTrue(inspect.err().contains(holder), inspect::toString);
    assertEquals(ExitCodes.UNAVAILABLE, repair.code(), repair::toString);
    assertTrue(repair.err().contains(holder), repair::toString);
  }

  @Test
  void aReadCommandWorksBesideAReaderInAnotherProcess() throws Exception {
    // given
    Path data = dir.resolve("data");
    StoreFiles.write(data);
    Run verify;
    // when
    CheckpointStore reader = FileStores.builder(data).readOnly().open();
    try {
      verify = rollback("verify", "--data", data.toString());
    } finally {
      reader.close();
    }
    // then
    assertEquals(0, verify.code(), verify::toString);
    assertTrue(verify.out().contains("checked 6 checkpoints in 2 sessions"), verify::toString);
  }
}
