package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RollbackConfig;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./rollback} script as a child process: JAVA_OPTS and {@code -D} arguments reach the JVM (here
 * {@code rollback.integrity.hmacKeyEnv}, which the commands read), the rest reach the command. The
 * script runs from a copy of the checkout holding only the script and a launcher jar whose manifest
 * points at this build's classes, so it finds its jar up to date and builds nothing.
 */
class ScriptTest {
  @TempDir
  Path dir;
  private Path script;

  @BeforeEach
  void copyTheScriptBesideALauncherJar() throws IOException {
    Assumptions.assumeTrue(new File("/bin/bash").canExecute() || new File("/usr/bin/bash").canExecute(),
        "the script needs bash");
    Path checkout = Files.createDirectories(dir.resolve("checkout"));
    script = Files.copy(Path.of("..", "rollback"), checkout.resolve("rollback"));
    Path jar = Files.createDirectories(checkout.resolve("rollback-cli/target")).resolve("rollback.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, RollbackCommand.class.getName());
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
        .split(File.pathSeparator)) {
      classPath.add(Path.of(entry).toUri().toString());
    }
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
    try (OutputStream out = Files.newOutputStream(jar)) {
      new JarOutputStream(out, manifest).close(); // the manifest is the whole jar
    }
  }

  private Cli.Result rollback(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().remove("JAVA_OPTS");
    builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
        + builder.environment().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(environment);
    Process child = builder.start();
    if (!child.waitFor(5, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new AssertionError("./rollback " + List.of(args) + " did not exit; killed it");
    }
    return new Cli.Result(child.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  void aDashDArgumentIsASystemPropertyOfTheJvmNotAnArgumentOfTheCommand() throws Exception {
    // given
    Path data = dir.resolve("data");
    HistoryStore.write(data);
    // when
    Cli.Result result = rollback(Map.of(), "-Drollback.integrity.hmacKeyEnv=ROLLBACK_SCRIPT_TEST_UNSET", "verify",
        "--data", data.toString());
    // then
    assertEquals(ExitCodes.USAGE, result.code(), result::toString);
    assertTrue(result.err().contains("--hmac-key-env ROLLBACK_SCRIPT_TEST_UNSET: the environment variable "
        + "ROLLBACK_SCRIPT_TEST_UNSET is not set"), result::toString);
  }

  @Test
  void javaOptsReachTheJvm() throws Exception {
    // given
    Path data = dir.resolve("data");
    HistoryStore.write(data);
    // when
    Cli.Result result = rollback(Map.of("JAVA_OPTS", "-Xmx96m -Drollback.integrity.hmacKeyEnv=FROM_JAVA_OPTS"),
        "verify", "--data", data.toString());
    // then
    assertEquals(ExitCodes.USAGE, result.code(), result::toString);
    assertTrue(result.err().contains("the environment variable FROM_JAVA_OPTS is not set"), result::toString);
  }

  @Test
  void aKeyNamedByDashDVerifiesAStoreWrittenWithIt() throws Exception {
    // given
    Path data = dir.resolve("data");
    RollbackConfig keyed = RollbackConfig.custom().integrity(IntegrityConfig.hmacFrom("ROLLBACK_HMAC_KEY")).build();
    HistoryStore.write(data, keyed, Map.of("ROLLBACK_HMAC_KEY", "k-1"));
    // when
    Cli.Result result = rollback(Map.of("ROLLBACK_HMAC_KEY", "k-1"), "verify", "--data", data.toString(),
        "-Drollback.integrity.hmacKeyEnv=ROLLBACK_HMAC_KEY");
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("every state hash and chain hash verified"), result::toString);
  }
}
