package dev.magnus.rollback.store.file;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Start {@link StoreChild} in a new JVM with this test class path. */
final class ChildJvm {
  private ChildJvm() {}

  static Process start(Path errorLog, String mode, Path dir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", classPath, StoreChild.class.getName(), mode, dir.toString()));
    pb.redirectError(errorLog.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")));
    return pb.start();
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }
}
