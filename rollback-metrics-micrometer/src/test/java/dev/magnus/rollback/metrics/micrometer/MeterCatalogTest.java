package dev.magnus.rollback.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.AutoCheckpointResult.SkipCause;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.tck.ManualClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters registered are exactly those the README lists, and every tag value comes from a closed set. */
class MeterCatalogTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern ROW = Pattern.compile("^\\| `(rollback\\.[a-z.]+)` \\|");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** Run every kind of event on a metered engine over a file store, with sessions named like user data. */
  private void exerciseEverything(Path dir) {
    RollbackConfig config = RollbackConfig.custom().checkpoint(CheckpointConfig.custom().minInterval(Duration.ofMinutes(1))
        .maxCheckpoints(3).build()).build();
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config).store(FileStores.open(dir))
        .clock(new ManualClock(EngineMetersTest.T0)).plugin(RollbackMetrics.of(registry)).build()) {
      engine.addObserver(new SessionObserver() {
        @Override
        public void rollbackCompleted(dev.magnus.rollback.RollbackResult result) {
          throw new IllegalStateException("observer bug");
        }
      });
      for (String id : List.of("alice@example.com", "s-42")) {
        Session s = engine.initialize(id, EngineMetersTest.metadata());
        Checkpoint c = s.createCheckpoint(CheckpointType.USER_REQUESTED, "user text " + id);
        s.autoCheckpoint(CheckpointType.SCORING_DECISION, "first");
        s.autoCheckpoint(CheckpointType.SCORING_DECISION, "too soon");
        s.rollbackToCheckpoint(c.id());
        assertThrows(RuntimeException.class, () -> s.rollbackToCheckpoint(CheckpointId.of("missing-" + id.length())));
        s.recover(Failure.of(FailureType.STATE_CORRUPTION, "corrupt " + id));
      }
      registry.get(MeterNames.STORE_CHECKPOINTS).gauge().value();
    }
  }

  @Test
  void theMetersRegisteredAreExactlyTheNamesTheCodeDeclares(@TempDir Path dir) {
    // given / when
    exerciseEverything(dir);
    // then
    Set<String> registered = registry.getMeters().stream().map(m -> m.getId().getName())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(MeterNames.ALL), registered);
  }

  @Test
  void theReadmeListsEveryMeterInTheCodesOrderAndNoOther() throws IOException {
    // given
    List<String> rows = readmeRows();
    // then
    assertEquals(MeterNames.ALL, rows, "README.md's meter table (section 'Metrics') and MeterNames.ALL differ");
  }

  static List<String> readmeRows() throws IOException {
    try (Stream<String> lines = Files.lines(README)) {
      return lines.map(ROW::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    }
  }

  @Test
  void everyTagValueComesFromAClosedSetAndNoneIsASessionIdOrText(@TempDir Path dir) {
    // given
    exerciseEverything(dir);
    Map<String, Set<String>> allowed = allowedTagValues();
    // when / then
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertTrue(allowed.containsKey(tag.getKey()), "tag key " + tag + " on " + meter.getId());
        assertTrue(allowed.get(tag.getKey()).contains(tag.getValue()), "tag " + tag + " on " + meter.getId());
        assertFalse(tag.getValue().contains("alice") || tag.getValue().contains("example") || tag.getValue().contains("s-42"), tag.toString());
      }
    }
  }

  private static Map<String, Set<String>> allowedTagValues() {
    return Map.of(
        "type", lower(CheckpointType.values()),
        "encoding", Set.of(Checkpoint.FULL, Checkpoint.DELTA, "none"),
        "outcome", union(lower(Outcome.values()), Set.of("conflict", "found", "missing")),
        "reason", lower(SkipCause.values()),
        "strategy", Set.of("immediate", "decompose", "progressive", TagValues.OTHER),
        "failure", lower(FailureType.values()),
        "event", union(TagValues.EVENTS, Set.of(TagValues.OTHER)));
  }

  private static Set<String> lower(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void aStrategyNamePastTheBoundOrNotANameBecomesOther() {
    // given
    TagValues tags = new TagValues();
    for (int i = 0; i < TagValues.MAX_STRATEGIES; i++) {
      assertEquals("s" + i, tags.strategy("S" + i));
    }
    // when / then
    assertEquals(TagValues.OTHER, tags.strategy("one-too-many"));
    assertEquals("s3", tags.strategy("s3"), "a known name keeps its value");
    assertEquals(TagValues.OTHER, new TagValues().strategy("has spaces and text"));
    assertEquals(TagValues.OTHER, TagValues.event("someNewEvent"));
  }
}
