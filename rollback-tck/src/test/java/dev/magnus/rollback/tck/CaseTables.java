package dev.magnus.rollback.tck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Read the case tables of TCK.md and compare them with the cases a contract declares. The rules, which
 * TCK.md repeats above its tables:
 *
 * <ul>
 *   <li>A table belongs to the heading above it, {@code ### <title> (`<ContractClass>`): [N methods, ]M cases
 *       in G groups}, and ends at the next heading.
 *   <li>A row is {@code | Group (n[, remarks]) | cases |} (code spans in the first cell are ignored): {@code n} counts the group's cases, every
 *       invocation of a parameterized case included. Other rows (the header, the separator) are ignored.
 *   <li>In the cases cell, code spans and parenthesized remarks are ignored; cases are separated by
 *       {@code ,} or {@code ;}; text up to a {@code :} is a label; a case is a method name, followed by
 *       {@code × k} when it runs k times.
 * </ul>
 *
 * Stateless.
 */
final class CaseTables {
  private static final Pattern HEADING = Pattern.compile(
      "^###\\s.*\\(`(\\w+)`\\):\\s*(?:(\\d+) methods,\\s*)?(\\d+) cases in (\\d+) groups\\s*$");
  private static final Pattern GROUP = Pattern.compile("^(\\w+) \\((\\d+)(?:,[^)]*)?\\)$");
  private static final Pattern CASE = Pattern.compile("^([A-Za-z_]\\w*)(?:\\s*×\\s*(\\d+))?$");
  private static final Pattern REMARK = Pattern.compile("\\([^()]*\\)");

  private CaseTables() {}

  /**
   * A documented group.
   *
   * @param count the group's case count, from its first cell
   * @param cases each case's method name and how many times it runs
   */
  record Row(int count, Map<String, Integer> cases) {}

  /**
   * A documented contract.
   *
   * @param methods the heading's method count, when it gives one
   * @param cases the heading's case count
   * @param groups the heading's group count
   * @param rows the rows, by group
   */
  record Table(OptionalInt methods, int cases, int groups, Map<String, Row> rows) {}

  /** Parse every case table of a Markdown text, by contract class name. */
  static Map<String, Table> parse(String markdown) {
    Map<String, Table> tables = new LinkedHashMap<>();
    Table current = null;
    for (String line : markdown.split("\n")) {
      Matcher heading = HEADING.matcher(line.strip());
      if (heading.matches()) {
        current = new Table(heading.group(2) == null ? OptionalInt.empty()
            : OptionalInt.of(Integer.parseInt(heading.group(2))), Integer.parseInt(heading.group(3)),
            Integer.parseInt(heading.group(4)), new LinkedHashMap<>());
        tables.put(heading.group(1), current);
      } else if (line.startsWith("#")) {
        current = null;
      } else if (current != null && line.startsWith("|")) {
        addRow(current, line);
      }
    }
    return tables;
  }

  private static void addRow(Table table, String line) {
    String[] cells = line.split("(?<!\\\\)\\|");
    if (cells.length < 3) {
      return;
    }
    Matcher group = GROUP.matcher(cells[1].replaceAll("`[^`]*`", "").strip());
    if (group.matches()) {
      table.rows().put(group.group(1), new Row(Integer.parseInt(group.group(2)), cases(cells[2])));
    }
  }

  /** Read a cases cell: method name to invocations. */
  static Map<String, Integer> cases(String cell) {
    String text = cell.replaceAll("`[^`]*`", "");
    for (String previous = null; !text.equals(previous); ) {
      previous = text;
      text = REMARK.matcher(text).replaceAll("");
    }
    Map<String, Integer> cases = new LinkedHashMap<>();
    for (String piece : text.split("[,;]")) {
      String item = piece.substring(piece.lastIndexOf(':') + 1).strip();
      if (item.isEmpty()) {
        continue;
      }
      Matcher c = CASE.matcher(item);
      if (!c.matches()) {
        throw new IllegalArgumentException("TCK.md: '" + item + "' is not a case (a method name, optionally "
            + "followed by × k) in the cell: " + cell.strip());
      }
      cases.merge(c.group(1), c.group(2) == null ? 1 : Integer.parseInt(c.group(2)), Integer::sum);
    }
    return cases;
  }

  /** Name every difference between a documented table and the declared cases, by group. */
  static List<String> differences(Table documented, Map<String, Map<String, Integer>> declared) {
    List<String> problems = new ArrayList<>();
    for (String group : new TreeSet<>(declared.keySet())) {
      Row row = documented.rows().get(group);
      if (row == null) {
        problems.add("group " + group + " is missing from TCK.md; add the row " + row(group, declared.get(group)));
      } else {
        compareGroup(group, row, declared.get(group), problems);
      }
    }
    documented.rows().keySet().stream().filter(g -> !declared.containsKey(g))
        .forEach(g -> problems.add("group " + g + " is in TCK.md but the contract declares no such group"));
    compareHeading(documented, declared, problems);
    return problems;
  }

  private static void compareGroup(String group, Row row, Map<String, Integer> code, List<String> problems) {
    for (String name : new TreeSet<>(code.keySet())) {
      Integer listed = row.cases().get(name);
      if (listed == null) {
        problems.add("case " + group + "." + name + " is missing from TCK.md's " + group + " row");
      } else if (!listed.equals(code.get(name))) {
        problems.add("case " + group + "." + name + " runs " + code.get(name) + " times; TCK.md says " + listed);
      }
    }
    row.cases().keySet().stream().filter(n -> !code.containsKey(n)).forEach(n -> problems.add("case " + group + "."
        + n + " is in TCK.md's " + group + " row but the contract declares no such case"));
    int total = code.values().stream().mapToInt(Integer::intValue).sum();
    if (row.count() != total) {
      problems.add("group " + group + " has " + total + " cases; TCK.md's row says (" + row.count() + ")");
    }
  }

  private static void compareHeading(Table documented, Map<String, Map<String, Integer>> declared,
      List<String> problems) {
    int cases = declared.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    int methods = declared.values().stream().mapToInt(Map::size).sum();
    if (documented.cases() != cases) {
      problems.add("the heading says " + documented.cases() + " cases; the contract declares " + cases + " cases");
    }
    if (documented.groups() != declared.size()) {
      problems.add("the heading says " + documented.groups() + " groups; the contract declares " + declared.size()
          + " groups");
    }
    documented.methods().ifPresent(m -> {
      if (m != methods) {
        problems.add("the heading says " + m + " methods; the contract declares " + methods + " methods");
      }
    });
  }

  private static String row(String group, Map<String, Integer> cases) {
    return "| " + group + " (" + cases.values().stream().mapToInt(Integer::intValue).sum() + ") | "
        + cases.entrySet().stream().map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " × " + e.getValue())
            .collect(Collectors.joining(", ")) + " |";
  }
}
