package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar the {@code ./rollback} script starts, run after {@code package} as a user runs it: in its
 * own JVM, with nothing on the class path but the jar. The unit tests run on Maven's test class path, which
 * holds every dependency; this is the test that fails when one is missing from the jar.
 */
class RunnableJarIT {
  private static final Path JAR = Path.of("target", "rollback.jar");

  private static Cli.Result run(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path out = workDir.resolve("out.txt");
    Path err = workDir.resolve("err.txt");
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the command finished");
    return new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theDemoRunsFromTheJarAndItsStoreVerifies(@TempDir Path dir) throws Exception {
    assertTrue(Files.isRegularFile(JAR), "the runnable jar exists: " + JAR.toAbsolutePath());
    Cli.Result demo = run(dir, "demo", "--data", dir.resolve("data").toString());
    assertEquals(0, demo.code(), demo::toString);
    Cli.Result verify = run(dir, "verify", "--data", dir.resolve("data").toString());
    assertEquals(0, verify.code(), verify::toString);
  }

  @Test
  void theShippedConfigurationChecksFromTheJar(@TempDir Path dir) throws Exception {
    Cli.Result check = run(dir, "config", "check",
        Path.of("..", "config", "session-rollback-config.yaml").toAbsolutePath().toString());
    assertEquals(0, check.code(), check::toString);
    assertTrue(check.out().contains("store file"), check::toString);
  }
}
