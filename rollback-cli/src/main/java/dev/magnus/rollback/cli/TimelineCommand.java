package dev.magnus.rollback.cli;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Show a session's checkpoints in time with its rollbacks as jumps back to their targets: as a table,
 * as JSON, or drawn as an SVG picture. Opens a file store read-only.
 */
@Command(name = "timeline", mixinStandardHelpOptions = true,
    description = {"Show a session's checkpoints in time order with its rollbacks: each RECOVERY_POINT that "
        + "restored a checkpoint is a jump from the pre-rollback head (the PRE_ROLLBACK before it) back to its target.",
        "--svg FILE draws it: the checkpoints on a time axis, coloured by type with a legend, each rollback an arrow "
            + "arcing back to its target; open the file in a browser.",
        "Opens the file store read-only: nothing in --data is created, changed or repaired.",
        "Exit 1 for an unknown session."})
final class TimelineCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Option(names = "--json", description = "Print the checkpoints (with offsetMs from the first) and the rollbacks "
      + "as JSON instead of a table.")
  private boolean json;

  @Option(names = "--svg", paramLabel = "FILE", converter = Arguments.NonEmptyPath.class,
      description = "Write the timeline as an SVG picture to FILE (replaced if it exists) instead of printing it.")
  private @Nullable Path svg;

  @Parameters(index = "0", paramLabel = "SESSION", converter = Arguments.SessionId.class,
      description = "The session.")
  private String sessionId;

  @Override
  public Integer call() throws IOException {
    requireSvgTarget();
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    Timeline timeline;
    try (CheckpointStore store = storeOptions.openReadOnly()) {
      List<Checkpoint> stored = store.list(sessionId, CheckpointQuery.all());
      if (stored.isEmpty()) {
        throw CommandFailure.problem(Lookup.noSession(sessionId, store, storeOptions));
      }
      timeline = Timeline.of(sessionId, stored);
    }
    if (svg != null) {
      Files.writeString(svg, TimelineSvg.render(timeline), StandardCharsets.UTF_8);
      out.good("wrote " + svg + ": " + timeline.checkpoints().size() + " checkpoints and " + timeline.jumps().size()
          + " rollback(s) of session " + sessionId + "; open it in a browser");
    } else if (json) {
      Json.print(out, timeline.json());
    } else {
      table(out, timeline);
    }
    return ExitCodes.OK;
  }

  private void requireSvgTarget() {
    if (svg == null) {
      return;
    }
    Path parent = svg.toAbsolutePath().getParent();
    if (Files.isDirectory(svg) || (parent != null && !Files.isDirectory(parent))) {
      throw new ParameterException(spec.commandLine(), "--svg " + svg + ": " + (Files.isDirectory(svg)
          ? "is a directory; give a file name, e.g. " + svg.resolve("timeline.svg")
          : "the directory " + parent + " does not exist; create it or write elsewhere"));
    }
    if (json) {
      throw new ParameterException(spec.commandLine(), "--svg and --json: give one (--svg writes a picture, --json "
          + "prints the timeline as JSON)");
    }
  }

  private static void table(Printer out, Timeline t) {
    out.step("timeline", "session " + t.session() + ": " + t.checkpoints().size() + " checkpoints, "
        + t.jumps().size() + " rollback" + (t.jumps().size() == 1 ? "" : "s") + ", from "
        + t.checkpoints().get(0).createdAt());
    out.line(String.format("%5s %-14s %-18s %-26s %s", "SEQ", "TIME", "TYPE", "ID", "DESCRIPTION"));
    for (Checkpoint c : t.checkpoints()) {
      String jump = t.jumpAt(c).map(Timeline::describe).or(() -> Timeline.forkOf(c)).map(j -> "   <- " + j).orElse("");
      out.line(String.format("%5d %-14s %-18s %-26s %s%s", c.sequence(), Timeline.offsetText(t.offset(c)), c.type(),
          c.id(), c.description(), jump));
    }
  }
}
