package dev.magnus.rollback.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * What `rollback repair` will do, worked out from what a read-only open of a file store found, before
 * anything is changed: one action per damage report (the store's sentences name the kind of damage and
 * the segment), a torn tail to cut, and the leftovers of an interrupted roll, compaction or salvage
 * that a writable open clears (rollback-store-file/FORMAT.md section 5). A report whose wording is not
 * recognised still gets an action that quotes it, so nothing found is left out of the plan. Immutable.
 */
record RepairPlan(List<String> actions, List<String> leftovers) {
  private static final Pattern SEAL = Pattern.compile("^segment (\\S+) does not match its seal");
  private static final Pattern HEADER = Pattern.compile("^segment (\\S+) has a bad file header");
  private static final Pattern MISSING = Pattern.compile("^segment (\\S+) is missing: (.*) lost");
  private static final Pattern MANIFEST = Pattern.compile("^the manifest (\\S+) is (?:missing|damaged)");
  private static final Pattern WITHHELD = Pattern.compile(
      "^session '(.*)': (\\d+) checkpoint\\(s\\) withheld because of (.*) \\(they may have been deleted\\); "
          + "not served: \\[(.*)]$");

  RepairPlan {
    actions = List.copyOf(actions);
    leftovers = List.copyOf(leftovers);
  }

  static RepairPlan of(Path dir, StoreDamage found) throws IOException {
    List<String> actions = new ArrayList<>();
    boolean manifest = false;
    for (String report : found.reports()) {
      actions.add(action(dir, report));
      manifest |= MANIFEST.matcher(report).find();
    }
    if (found.tornTails() > 0) {
      actions.add("cut the torn tail of " + newestSegment(dir).orElse("the newest segment") + ": the bytes of an "
          + "append that was never acknowledged");
    }
    List<String> leftovers = new ArrayList<>();
    for (String name : names(dir)) {
      leftover(dir, name).ifPresent(action -> {
        actions.add(action);
        leftovers.add(name);
      });
    }
    if (found.found() && !manifest) {
      actions.add("update MANIFEST to describe the segments as repaired");
    }
    return new RepairPlan(actions, leftovers);
  }

  boolean isEmpty() {
    return actions.isEmpty();
  }

  private static String action(Path dir, String report) {
    Matcher m;
    if ((m = SEAL.matcher(report)).find()) {
      return "salvage " + m.group(1) + ": write its intact records to a new " + m.group(1) + " and keep the damaged "
          + "original as " + corruptName(dir, m.group(1)) + " (the lost records cannot be recovered)";
    }
    if ((m = HEADER.matcher(report)).find()) {
      return "quarantine " + m.group(1) + ": rename it to " + corruptName(dir, m.group(1)) + " (none of its records "
          + "can be trusted)";
    }
    if ((m = MISSING.matcher(report)).find()) {
      return "forget " + m.group(1) + ": it is missing and its " + m.group(2) + " lost; the store stops expecting it "
          + "(if you have a copy of the file, put it back instead of repairing)";
    }
    if ((m = MANIFEST.matcher(report)).find()) {
      return "rewrite " + m.group(1) + " from the segments found";
    }
    if ((m = WITHHELD.matcher(report)).find()) {
      return "tombstone " + m.group(2) + " withheld checkpoint(s) of session '" + m.group(1) + "' so that they are "
          + "never served (withheld because of " + m.group(3) + "): " + m.group(4);
    }
    return "let the store repair what it reported: " + report;
  }

  /** Return the name a damaged file is moved to: the first free of {@code .corrupt}, {@code .corrupt-2}, ... */
  private static String corruptName(Path dir, String segment) {
    String name = segment + ".corrupt";
    for (int n = 2; Files.exists(dir.resolve(name)); n++) {
      name = segment + ".corrupt-" + n;
    }
    return name;
  }

  private static Optional<String> leftover(Path dir, String name) {
    if (name.endsWith(".tmp") && (name.startsWith("segment-") || name.startsWith("MANIFEST"))) {
      return Optional.of("delete " + name + ": an unfinished temporary file of an interrupted segment roll, "
          + "compaction or manifest update");
    }
    if (name.startsWith("segment-") && name.endsWith(".salvage")) {
      String target = name.substring(0, name.length() - ".salvage".length());
      return Optional.of(Files.exists(dir.resolve(target))
          ? "delete " + name + ": an unfinished salvage (the original " + target + " is still there)"
          : "rename " + name + " to " + target + ": finish a salvage that a crash interrupted after it was written");
    }
    return Optional.empty();
  }

  private static Optional<String> newestSegment(Path dir) throws IOException {
    return names(dir).stream().filter(n -> n.matches("segment-\\d{20}\\.log")).reduce((a, b) -> b);
  }

  private static TreeSet<String> names(Path dir) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      files.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }
}
