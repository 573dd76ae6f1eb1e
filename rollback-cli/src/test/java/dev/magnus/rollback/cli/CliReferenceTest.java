package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * README's CLI reference matches what {@code --help} prints: one section per command (every command
 * and subcommand, none extra) whose synopsis is picocli's, whose options table names exactly the
 * command's options, and one exit code table equal to the one every --help ends with.
 */
class CliReferenceTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Set<String> STANDARD = Set.of("-h", "--help", "-V", "--version");
  private static final Pattern SECTION = Pattern.compile("(?m)^### `(rollback[^`]*)`\\s*$");
  private static final Pattern SYNOPSIS = Pattern.compile("(?s)\\A\\s*```text\\n(.*?)\\n```");
  private static final Pattern OPTION = Pattern.compile("`(--?[A-Za-z][\\w-]*)");

  /** Return every command of the tree by its qualified name, the root included. */
  static Map<String, CommandLine> commands(CommandLine root) {
    Map<String, CommandLine> all = new LinkedHashMap<>();
    all.put(root.getCommandSpec().qualifiedName(), root);
    root.getSubcommands().values().forEach(sub -> all.putAll(commands(sub)));
    return all;
  }

  private static String reference() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## CLI reference");
    assertTrue(start >= 0, "README has a '## CLI reference' section");
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static Map<String, String> sections(String reference) {
    Map<String, String> sections = new LinkedHashMap<>();
    Matcher m = SECTION.matcher(reference);
    List<int[]> bounds = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1).trim());
      bounds.add(new int[] {m.end(), 0});
    }
    for (int i = 0; i < names.size(); i++) {
      int to = i + 1 < names.size() ? reference.lastIndexOf("\n### ", bounds.get(i + 1)[0]) : reference.length();
      sections.put(names.get(i), reference.substring(bounds.get(i)[0], to));
    }
    return sections;
  }

  private static String synopsis(CommandLine command) {
    return squeeze(command.getHelp().synopsis(0));
  }

  private static Set<String> options(CommandLine command) {
    Set<String> names = new TreeSet<>();
    for (OptionSpec o : command.getCommandSpec().options()) {
      for (String name : o.names()) {
        if (!STANDARD.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static Set<String> documentedOptions(String section) {
    Set<String> names = new TreeSet<>();
    for (String line : section.split("\n")) {
      if (line.startsWith("| `-")) {
        Matcher m = OPTION.matcher(line.substring(0, line.indexOf('|', 1)));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  @Test
  void everyCommandHasASectionWithItsSynopsisAndExactlyItsOptions() throws IOException {
    Map<String, CommandLine> commands = commands(RollbackCommand.commandLine());
    Map<String, String> sections = sections(reference());
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
      String section = sections.get(c.getKey());
      if (section == null) {
        wrong.add("no section ### `" + c.getKey() + "`; its synopsis: " + synopsis(c.getValue()));
        continue;
      }
      Matcher block = SYNOPSIS.matcher(section);
      String documented = block.find() ? squeeze(block.group(1)) : "(no ```text block)";
      if (!documented.equals(synopsis(c.getValue()))) {
        wrong.add(c.getKey() + ": README synopsis '" + documented + "', --help says '" + synopsis(c.getValue()) + "'");
      }
      if (!documentedOptions(section).equals(options(c.getValue()))) {
        wrong.add(c.getKey() + ": README's options table names " + documentedOptions(section) + ", --help has "
            + options(c.getValue()));
      }
    }
    new TreeSet<>(sections.keySet()).stream().filter(s -> !commands.containsKey(s))
        .forEach(s -> wrong.add("README documents " + s + ", which is not a command"));
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void theExitCodeTableIsTheOneEveryHelpPrints() throws IOException {
    String reference = reference();
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| \\*\\*(\\d)\\*\\* \\| (.*) \\|$").matcher(reference);
    while (row.find()) {
      documented.put(row.group(1), row.group(2));
    }
    assertEquals(ExitCodes.table(), documented);
  }

  @Test
  void theHelperFindsSectionsSynopsesAndOptionRows() {
    String reference = String.join("\n", "## CLI reference", "### `rollback x`", "```text", "rollback x [--a]",
        "   [--b=B]", "```", "| option | meaning |", "|---|---|", "| `--a`, `--b B` | see `--c` |", "### `rollback y`",
        "text");
    Map<String, String> sections = sections(reference);
    assertEquals(List.of("rollback x", "rollback y"), List.copyOf(sections.keySet()));
    Matcher block = SYNOPSIS.matcher(sections.get("rollback x"));
    assertTrue(block.find());
    assertEquals("rollback x [--a] [--b=B]", block.group(1).replaceAll("\\s+", " ").trim());
    assertEquals(Set.of("--a", "--b"), documentedOptions(sections.get("rollback x")));
  }

  /** One space between words, none after "[" or "," (picocli may wrap a synopsis right after either). */
  private static String squeeze(String synopsis) {
    return synopsis.replaceAll("\\s+", " ").replaceAll("([\\[,]) ", "$1").trim();
  }
}
