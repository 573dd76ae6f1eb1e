package dev.magnus.rollback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/** `rollback fork` against a file store the test wrote: s-1 with three checkpoints, s-2 with one. */
class ForkCommandTest {
  @TempDir
  Path data;
  private List<Checkpoint> written;

  @BeforeEach
  void writeStore() {
    try (SessionRollbackEngine engine = SessionRollback.builder().store(FileStores.open(data)).build()) {
      SessionMetadata metadata = SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH);
      Session s1 = engine.initialize("s-1", metadata, Map.of("n", 0L));
      for (long i = 1; i <= 2; i++) {
        long n = i;
        s1.update(s -> s.with("n", n));
        s1.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + i);
      }
      written = s1.checkpoints();
      engine.initialize("s-2", metadata, Map.of());
    }
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data", data.toString()));
    return Cli.run(all.toArray(new String[0]));
  }

  private List<Checkpoint> stored(String session) {
    try (CheckpointStore store = FileStores.open(data)) {
      return store.list(session, CheckpointQuery.all());
    }
  }

  @Test
  void forkWritesANewSessionFromTheCheckpointAndLeavesTheSourceAlone() {
    // given
    Checkpoint target = written.get(1);
    // when
    Cli.Result result = run("fork", "s-1", target.id().value(), "s-1-branch");
    // then
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("s-1-branch"), result::toString);
    assertEquals(written, stored("s-1"), "the source is untouched");
    try (CheckpointStore store = FileStores.open(data);
        SessionRollbackEngine engine = SessionRollback.builder().store(store).build()) {
      Checkpoint start = store.list("s-1-branch", CheckpointQuery.all()).get(0);
      assertEquals(CheckpointType.SESSION_START, start.type());
      assertEquals("s-1", start.label(Checkpoint.FORKED_FROM).orElseThrow());
      assertEquals(target.id().value(), start.label(Checkpoint.FORKED_FROM_CHECKPOINT).orElseThrow());
      assertEquals(1L, engine.resume("s-1-branch").getCurrentState().attributes().get("n"));
    }
  }

  @Test
  void forkIntoAnExistingIdOrFromAnUnknownSessionOrCheckpointFailsAndWritesNothing() {
    // given
    String target = written.get(1).id().value();
    // when
    Cli.Result existing = run("fork", "s-1", target, "s-2");
    Cli.Result unknownSession = run("fork", "nope", target, "s-3");
    Cli.Result unknownCheckpoint = run("fork", "s-1", "NOSUCHCHECKPOINT", "s-3");
    // then
    assertEquals(List.of(1, 1, 1), List.of(existing.code(), unknownSession.code(), unknownCheckpoint.code()));
    assertTrue(existing.err().contains("'s-2' already exists"), existing::toString);
    assertTrue(unknownSession.err().contains("no session 'nope'"), unknownSession::toString);
    assertTrue(unknownCheckpoint.err().contains("NOSUCHCHECKPOINT"), unknownCheckpoint::toString);
    assertEquals(written, stored("s-1"));
    assertEquals(1, stored("s-2").size());
    try (CheckpointStore store = FileStores.open(data)) {
      assertEquals(Set.of("s-1", "s-2"), store.sessions(), "no session was created");
    }
  }

  @Test
  void inspectAndTimelineShowWhereAForkCameFrom() throws java.io.IOException {
    // given
    String target = written.get(1).id().value();
    assertEquals(0, run("fork", "s-1", target, "s-1-branch").code());
    // when
    Cli.Result inspect = run("inspect", "s-1-branch");
    Cli.Result timeline = run("timeline", "s-1-branch");
    Cli.Result json = run("timeline", "s-1-branch", "--json");
    // then
    String fork = "forked from session 's-1' at " + target;
    assertTrue(inspect.out().contains(fork), inspect::toString);
    assertTrue(timeline.out().contains(fork), timeline::toString);
    Map<?, ?> forkedFrom = (Map<?, ?>) ((Map<?, ?>) JsonText.parse(json.out())).get("forkedFrom");
    assertEquals(Map.of("session", "s-1", "checkpointId", target), forkedFrom, json::toString);
  }
}
