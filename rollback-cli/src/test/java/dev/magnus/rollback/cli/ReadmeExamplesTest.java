package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every README example marked {@code <!-- compiled and run by ReadmeExamplesTest -->} is taken from the
 * README as written, compiled against this module's test class path and run, so it cannot drift.
 */
class ReadmeExamplesTest {
  private static final Pattern MARKED = Pattern.compile(
      "<!-- compiled and run by ReadmeExamplesTest -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

  static List<String> examples() throws IOException {
    Matcher m = MARKED.matcher(Files.readString(Path.of("..", "README.md")));
    List<String> found = new java.util.ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void theSchemaEvolutionExampleCompilesAndMigratesVersionOneToTwo(@TempDir Path tmp) throws Exception {
    // given the README's example, as written
    List<String> examples = examples();
    assertEquals(1, examples.size(), "marked examples in README.md");
    Path source = tmp.resolve("src").resolve("SchemaEvolutionExample.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, examples.get(0));
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    // when it is compiled and run
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code = javac.run(null, null, null, "-d", classes.toString(), "-classpath",
        System.getProperty("java.class.path"), source.toString());
    assertEquals(0, code, "the README example compiles");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        ReadmeExamplesTest.class.getClassLoader())) {
      Method run = loader.loadClass("SchemaEvolutionExample").getMethod("run", Path.class);
      Object person = run.invoke(null, Files.createDirectories(tmp.resolve("data")));
      // then the version 1 checkpoint was migrated to version 2
      assertEquals("PersonV2[first=Ada, last=Lovelace]", person.toString());
      assertTrue(person.getClass().isRecord());
    }
  }
}
