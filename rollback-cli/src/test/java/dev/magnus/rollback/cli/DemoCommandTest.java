package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RollbackCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void demoRunsTheWholeCycleOnTheMemoryStore() {
    String[] result = run("demo", "--store", "memory");

    assertEquals("0", result[0], result[2]);
    assertTrue(result[1].contains("RECOVERY_POINT") && result[1].contains("audit chain        verified"), result[1]);
    assertTrue(result[1].contains("demo finished"), result[1]);
  }

  @Test
  void demoRunsTheWholeCycleOnTheFileStoreWithARealRestart(@TempDir Path dir) {
    String[] result = run("demo", "--data", dir.resolve("data").toString(), "--session", "s-1");

    assertEquals("0", result[0], result[2]);
    assertTrue(result[1].contains("file [") && result[1].contains("DURABLE"), result[1]);
    assertTrue(result[1].contains("restart + resume") && result[1].contains("demo finished"), result[1]);
    String again = run("demo", "--data", dir.resolve("data").toString())[0];
    assertEquals("0", again, "a second run on the same directory works too");
  }

  @Test
  void anUnknownStoreFailsWithTheAvailableNames() {
    String[] result = run("demo", "--store", "nosuchstore");

    assertEquals("1", result[0]);
    assertTrue(result[2].contains("available: file, memory"), result[2]);
  }

  @Test
  void helpListsTheDemo() {
    String[] result = run("--help");

    assertEquals("0", result[0]);
    assertTrue(result[1].contains("demo"), result[1]);
  }
}
