package dev.magnus.rollback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a reachable server, the build says on the console, in one line and once per run, why the
 * PostgreSQL tests are skipped and how to start a server; the reason is not left to the XML reports.
 */
class SkipNoticeTest {
  /** A JVM that uses TestDatabase the way several test classes do, with no server configured. */
  static final class TwoTestClasses {
    private TwoTestClasses() {}

    public static void main(String[] args) {
      TestDatabase.url();
      TestDatabase.freshSchema("a");
      TestDatabase.freshSchema("b");
    }
  }

  @Test
  void theNoticeIsOneLineWithTheReasonAndHowToStartAServer() {
    String notice = TestDatabase.skipNotice("jdbc:postgresql://127.0.0.1:5432/x is not reachable: Connection\n"
        + "refused");
    assertEquals(1, notice.lines().count(), notice);
    assertTrue(notice.startsWith("rollback-store-jdbc: skipping the PostgreSQL tests: jdbc:postgresql://127.0.0.1:5432/x "
        + "is not reachable: Connection refused;"), notice);
    assertTrue(notice.contains("start a server with `. .ci/postgres`"), notice);
  }

  @Test
  void aRunWithoutAServerPrintsTheNoticeOnceOnTheConsole(@TempDir Path dir) throws Exception {
    // given
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", classPath,
        TwoTestClasses.class.getName())).redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().remove("ROLLBACK_JDBC_URL");
    // when
    Process child = builder.start();
    if (!child.waitFor(2, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new AssertionError("the child JVM did not exit; killed it");
    }
    // then
    List<String> out = Files.readAllLines(dir.resolve("out"), StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), Files.readString(dir.resolve("err")));
    assertEquals(List.of(TestDatabase.skipNotice("ROLLBACK_JDBC_URL is not set")), out);
  }
}
