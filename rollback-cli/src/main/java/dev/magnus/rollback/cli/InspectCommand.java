package dev.magnus.rollback.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * List the sessions of a store, or one session's checkpoints, as a table or as JSON, with the damage
 * the store reports. Opens a file store read-only: never creates, changes or repairs anything.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"List the sessions in a store, or one session's checkpoints (sequence, id, type, time, size, "
        + "description).", "--json prints the same as JSON for machines, with a \"damage\" object.",
        "Opens the file store read-only: nothing in --data is created, changed or repaired (a read-only directory "
            + "works). If the store is damaged, what it lists is what it can trust, and a damage summary follows "
            + "(one line per damaged place); `rollback verify` checks every hash, `rollback repair` shows how to "
            + "repair.",
        "Damage, if any, is shown but does not change the exit code (0); an unknown session exits 1."})
final class InspectCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private StoreOptions storeOptions;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  @Parameters(arity = "0..1", paramLabel = "SESSION", converter = Arguments.SessionId.class,
      description = "The session whose checkpoints to list.")
  private String sessionId;

  @Override
  public Integer call() throws IOException {
    Printer out = new Printer(spec.commandLine().getOut(), spec.commandLine().getColorScheme().ansi());
    try (CheckpointStore store = storeOptions.openReadOnly()) {
      StoreDamage damage = StoreDamage.of(store);
      if (sessionId == null) {
        List<List<Checkpoint>> sessions = new TreeSet<>(store.sessions()).stream()
            .filter(id -> !EncryptionConfig.isKeyRingSession(id))
            .map(id -> store.list(id, CheckpointQuery.all())).toList();
        if (json) {
          writeJson(out, g -> sessionsJson(g, sessions, damage));
        } else {
          sessionsTable(out, sessions);
          damageSummary(out, damage);
        }
        return 0;
      }
      List<Checkpoint> checkpoints = store.list(sessionId, CheckpointQuery.all());
      if (checkpoints.isEmpty()) {
        spec.commandLine().getErr().println(Lookup.noSession(sessionId, store, storeOptions));
        damageSummary(new Printer(spec.commandLine().getErr(), spec.commandLine().getColorScheme().ansi()), damage);
        return 1;
      }
      if (json) {
        writeJson(out, g -> checkpointsJson(g, checkpoints, damage));
      } else {
        checkpointsTable(out, checkpoints);
        damageSummary(out, damage);
      }
      return 0;
    }
  }

  private void damageSummary(Printer out, StoreDamage damage) {
    if (!damage.found()) {
      return;
    }
    out.bad("damage: the " + storeOptions.describe() + " counts " + damage.counted() + "; what is listed is what it "
        + "can trust:");
    damage.reports().forEach(out::detail);
    out.line("`rollback verify --data " + storeOptions.data + "` lists every problem; `rollback repair --data "
        + storeOptions.data + "` shows what a repair would do (nothing was changed)");
  }

  private void sessionsTable(Printer out, List<List<Checkpoint>> sessions) {
    out.line(String.format("%-24s %11s %5s %-18s %-24s %10s", "SESSION", "CHECKPOINTS", "HEAD", "HEAD TYPE", "UPDATED",
        "BYTES"));
    for (List<Checkpoint> s : sessions) {
      Checkpoint head = s.get(s.size() - 1);
      out.line(String.format("%-24s %11d %5s %-18s %-24s %10d", head.sessionId(), s.size(), "#" + head.sequence(),
          head.type(), millis(head.createdAt()), s.stream().mapToLong(Checkpoint::storedSize).sum()));
    }
    out.line(sessions.size() + " session" + (sessions.size() == 1 ? "" : "s") + " in the " + storeOptions.describe());
  }

  private static void checkpointsTable(Printer out, List<Checkpoint> checkpoints) {
    out.line(String.format("%5s %-26s %-18s %-24s %-14s %8s  %s", "SEQ", "ID", "TYPE", "TIME", "ENCODING", "STORED",
        "DESCRIPTION"));
    Map<CheckpointId, Long> sequences = new java.util.HashMap<>();
    checkpoints.forEach(c -> sequences.put(c.id(), c.sequence()));
    for (Checkpoint c : checkpoints) {
      out.line(String.format("%5d %-26s %-18s %-24s %-14s %8d  %s", c.sequence(), c.id(), c.type(),
          millis(c.createdAt()), encoding(c, sequences), c.storedSize(),
          c.description() + Timeline.forkOf(c).map(f -> " (" + f + ")").orElse("")));
    }
  }

  /**
   * Describe how a checkpoint is stored: {@code full} (the whole state), {@code full<#n} (the whole
   * state and the patch from #n, so older deltas can be rebuilt from it), {@code delta>#n} (a patch on
   * #n); {@code deleted} stands for a base that is no longer listed (the state is then rebuilt from a
   * later {@code full<} snapshot).
   */
  static String encoding(Checkpoint c, Map<CheckpointId, Long> sequences) {
    String link = c.labels().get(Checkpoint.BASE);
    if (link == null) {
      return Checkpoint.FULL;
    }
    String base = sequences.entrySet().stream().filter(e -> e.getKey().value().equals(link)).findFirst()
        .map(e -> "#" + e.getValue()).orElse("deleted");
    return c.deltaBase().isPresent() ? "delta>" + base : "full<" + base;
  }

  private static java.time.Instant millis(java.time.Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  private interface JsonBody {
    void write(JsonGenerator g) throws IOException;
  }

  private static void writeJson(Printer out, JsonBody body) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(out.writer())) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      body.write(g);
    }
    out.line("");
  }

  private static void sessionsJson(JsonGenerator g, List<List<Checkpoint>> sessions, StoreDamage damage)
      throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("sessions");
    for (List<Checkpoint> s : sessions) {
      Checkpoint head = s.get(s.size() - 1);
      g.writeStartObject();
      g.writeStringField("id", head.sessionId());
      g.writeNumberField("checkpoints", s.size());
      g.writeNumberField("headSequence", head.sequence());
      g.writeStringField("headId", head.id().value());
      g.writeStringField("headType", head.type().name());
      g.writeStringField("updatedAt", head.createdAt().toString());
      g.writeNumberField("storedBytes", s.stream().mapToLong(Checkpoint::storedSize).sum());
      g.writeEndObject();
    }
    g.writeEndArray();
    damageJson(g, damage);
    g.writeEndObject();
  }

  private void checkpointsJson(JsonGenerator g, List<Checkpoint> checkpoints, StoreDamage damage) throws IOException {
    g.writeStartObject();
    g.writeStringField("session", sessionId);
    g.writeArrayFieldStart("checkpoints");
    for (Checkpoint c : checkpoints) {
      checkpointJson(g, c);
    }
    g.writeEndArray();
    damageJson(g, damage);
    g.writeEndObject();
  }

  private static void damageJson(JsonGenerator g, StoreDamage damage) throws IOException {
    g.writeObjectFieldStart("damage");
    g.writeNumberField("corruptions", damage.corruptions());
    g.writeArrayFieldStart("reports");
    for (String report : damage.reports()) {
      g.writeString(report);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void checkpointJson(JsonGenerator g, Checkpoint c) throws IOException {
    g.writeStartObject();
    g.writeNumberField("sequence", c.sequence());
    g.writeStringField("id", c.id().value());
    g.writeStringField("type", c.type().name());
    g.writeStringField("createdAt", c.createdAt().toString());
    g.writeStringField("description", c.description());
    if (c.parentId().isPresent()) {
      g.writeStringField("parentId", c.parentId().map(CheckpointId::value).orElseThrow());
    } else {
      g.writeNullField("parentId");
    }
    g.writeObjectFieldStart("labels");
    for (Map.Entry<String, String> label : c.labels().entrySet()) {
      g.writeStringField(label.getKey(), label.getValue());
    }
    g.writeEndObject();
    g.writeStringField("encoding", c.deltaBase().isPresent() ? Checkpoint.DELTA : Checkpoint.FULL);
    if (c.labels().containsKey(Checkpoint.BASE)) {
      g.writeStringField("base", c.labels().get(Checkpoint.BASE));
    } else {
      g.writeNullField("base");
    }
    g.writeNumberField("rawSize", c.rawSize());
    g.writeNumberField("storedSize", c.storedSize());
    g.writeStringField("compression", c.compression().name());
    g.writeStringField("stateHash", c.stateHash());
    g.writeStringField("chainHash", c.chainHash());
    g.writeEndObject();
  }
}
