package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
  void anUnknownStoreFailsWithTheAvailableNames() {
    String[] result = run("demo", "--store", "nosuchstore");

    assertEquals("1", result[0]);
    assertTrue(result[2].contains("available: memory"), result[2]);
  }

  @Test
  void helpListsTheDemo() {
    String[] result = run("--help");

    assertEquals("0", result[0]);
    assertTrue(result[1].contains("demo"), result[1]);
  }
}
