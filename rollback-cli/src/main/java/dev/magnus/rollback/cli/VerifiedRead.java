package dev.magnus.rollback.cli;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.core.Verification;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Read one checkpoint's state for `show` and `diff`, verified the way a restore verifies it (rollback-
 * core's Verification): an unknown session or checkpoint, or a checkpoint that fails its check, is a
 * CommandFailure in CLI words (exit 1); intact checkpoints hashed with another HMAC key are a key
 * problem (exit 2). Also the descriptor as JSON, shared by the commands that print one. Stateless.
 */
final class VerifiedRead {
  private VerifiedRead() {}

  static Verification.Verified of(StoreOptions options, CheckpointStore store, Verification verification,
      String session, CheckpointId id) {
    Optional<Verification.Reading> reading = verification.read(store, session, id);
    if (reading.isEmpty()) {
      throw CommandFailure.problem(store.list(session, CheckpointQuery.all()).isEmpty()
          ? Lookup.noSession(session, store, options) : Lookup.noCheckpoint(session, id, options));
    }
    if (reading.get() instanceof Verification.Problem problem) {
      throw options.otherKey(verification, store, session).map(CommandFailure::usage)
          .orElseGet(() -> CommandFailure.problem(problem + "; its state is not shown (`rollback verify"
              + options.again() + "` checks every checkpoint)"));
    }
    return (Verification.Verified) reading.get();
  }

  /** Say what was verified: the chain hash only when the parent is still stored (or there is none). */
  static String checked(CheckpointStore store, Checkpoint c) {
    boolean chain = c.parentId().isEmpty() || store.list(c.sessionId(), CheckpointQuery.all()).stream()
        .anyMatch(p -> p.id().equals(c.parentId().get()));
    return chain ? "state hash and chain hash verified"
        : "state hash verified (its parent is no longer stored, so its chain hash cannot be checked)";
  }

  /** Return a checkpoint's descriptor as a JSON object. */
  static Map<String, @Nullable Object> descriptor(Checkpoint c) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("sequence", c.sequence());
    m.put("id", c.id().value());
    m.put("type", c.type().name());
    m.put("createdAt", c.createdAt().toString());
    m.put("description", c.description());
    m.put("parentId", c.parentId().map(CheckpointId::value).orElse(null));
    m.put("labels", new java.util.TreeMap<>(c.labels()));
    return m;
  }

  /** Name a checkpoint for a person: {@code #3 USER_REQUESTED (01J...)}. */
  static String name(Checkpoint c) {
    return "#" + c.sequence() + " " + c.type() + " (" + c.id() + ")";
  }
}
