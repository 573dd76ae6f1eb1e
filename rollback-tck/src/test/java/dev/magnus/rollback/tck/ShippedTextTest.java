package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jars of rollback-tck and rollback-api ship without the repository around them, so their Javadoc
 * must not send a reader to a document they do not have (TCK.md, DESIGN.md, a README, an issue
 * number), and the messages they print must not either. Reads the main sources of both modules.
 */
class ShippedTextTest {
  private static final List<Path> SHIPPED = List.of(Path.of("src/main/java"), Path.of("../rollback-api/src/main/java"));
  private static final Pattern JAVADOC = Pattern.compile("/\\*\\*.*?\\*/", Pattern.DOTALL);
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
  /** A document outside the jar: a Markdown file, a README, or an issue or pull request by number. */
  private static final Pattern CITATION = Pattern.compile(
      "\\b[\\w-]+\\.md\\b|\\bREADME\\b|\\b(?:[Ii]ssue|PR|[Pp]ull request)\\s*#?\\d+|(?<![\\w.])#\\d+\\b");

  /** Return each citation in a text, as "file: citation in context". */
  static List<String> citations(String file, String text, Pattern blocks) {
    List<String> found = new ArrayList<>();
    Matcher block = blocks.matcher(text);
    while (block.find()) {
      Matcher citation = CITATION.matcher(block.group());
      while (citation.find()) {
        found.add(file + ": '" + citation.group() + "' in " + block.group().replaceAll("\\s+", " ").strip());
      }
    }
    return found;
  }

  private static List<String> shippedCitations(Pattern blocks) throws IOException {
    List<String> found = new ArrayList<>();
    int files = 0;
    for (Path root : SHIPPED) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
          files++;
          found.addAll(citations(root.relativize(file).toString(), Files.readString(file), blocks));
        }
      }
    }
    assertTrue(files > 50, "read only " + files + " main sources under " + SHIPPED);
    return found;
  }

  @Test
  void noShippedJavadocCitesADocumentOutsideTheJar() throws IOException {
    assertEquals(List.of(), shippedCitations(JAVADOC), "say it in the Javadoc, or leave the reference out");
  }

  @Test
  void noShippedMessageCitesADocumentOutsideTheJar() throws IOException {
    assertEquals(List.of(), shippedCitations(STRING), "say it in the message, or leave the reference out");
  }

  @Test
  void theCheckFindsEachKindOfCitation() {
    String text = "/** See TCK.md. */ /** as the README says */ /** issue 14 */ /** fixes #12 */ /** {@link A#b} */";
    assertEquals(4, citations("Example.java", text, JAVADOC).size(), citations("Example.java", text, JAVADOC)::toString);
  }
}
