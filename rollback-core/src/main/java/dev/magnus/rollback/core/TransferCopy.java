package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConflictException;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copy every session of one store into another, resumably. Invariant: a checkpoint is appended to the
 * target only when the target does not hold its id, and the target never holds a checkpoint of a
 * session that the source lacks or that differs from the source's, so after any interruption (the
 * store append is atomic) running the copy again writes exactly what is missing. Each source record is
 * verified (state hash, chain hash) before it is written; at the end every session's descriptors and
 * payloads are compared and the target's records verified. One copy at a time per target.
 */
final class TransferCopy {
  private final Verification verification;
  private long copied;
  private long alreadyPresent;

  TransferCopy(Verification verification) {
    this.verification = verification;
  }

  SessionTransfer.Copied run(CheckpointStore from, CheckpointStore to) {
    List<String> sessions = List.copyOf(new TreeSet<>(from.sessions()));
    for (String session : sessions) {
      copySession(from, to, session);
    }
    for (String session : sessions) {
      compare(from, to, session);
    }
    int stateSessions = (int) sessions.stream().filter(s -> !dev.magnus.rollback.EncryptionConfig.isKeyRingSession(s)).count();
    return new SessionTransfer.Copied(stateSessions, copied, alreadyPresent);
  }

  private void copySession(CheckpointStore from, CheckpointStore to, String session) {
    List<Checkpoint> source = from.list(session, CheckpointQuery.all());
    Map<CheckpointId, Checkpoint> there = byId(to.list(session, CheckpointQuery.all()));
    requireNoStrangers(source, there, session);
    ChainIndex chains = new ChainIndex(source);
    for (Checkpoint c : source) {
      Checkpoint existing = there.get(c.id());
      if (existing != null) {
        if (!existing.equals(c)) {
          throw new CheckpointConflictException("the target holds checkpoint #" + c.sequence() + " (" + c.id()
              + ") of session '" + session + "' with other fields than the source: it is not a copy of this source; "
              + "copy into an empty store, or delete the session from the target", session, c.id());
        }
        alreadyPresent++;
        continue;
      }
      CheckpointRecord record = read(from, c);
      verification.verifyStored(record, chains.parentChain(c), Bases.of(from, session));
      to.append(record);
      copied++;
    }
  }

  private static void requireNoStrangers(List<Checkpoint> source, Map<CheckpointId, Checkpoint> there, String session) {
    Set<CheckpointId> ids = new HashSet<>();
    source.forEach(c -> ids.add(c.id()));
    for (Checkpoint t : there.values()) {
      if (!ids.contains(t.id())) {
        throw new CheckpointConflictException("the target already holds checkpoint #" + t.sequence() + " (" + t.id()
            + ") of session '" + session + "', which the source does not: the target's session is not a copy of "
            + "this source; copy into an empty store, or delete the session from the target", session, t.id());
      }
    }
  }

  private void compare(CheckpointStore from, CheckpointStore to, String session) {
    List<Checkpoint> source = from.list(session, CheckpointQuery.all());
    List<Checkpoint> target = to.list(session, CheckpointQuery.all());
    if (!source.equals(target)) {
      throw new IntegrityViolationException("after the copy, session '" + session + "' lists " + target.size()
          + " checkpoints in the target and " + source.size() + " in the source, or their fields differ: was either "
          + "store written during the copy? Run the copy again when nothing else writes to them");
    }
    ChainIndex chains = new ChainIndex(target);
    for (Checkpoint c : target) {
      CheckpointRecord copy = read(to, c);
      if (!Arrays.equals(copy.payload(), read(from, c).payload())) {
        throw new IntegrityViolationException("after the copy, the payload of checkpoint #" + c.sequence() + " ("
            + c.id() + ") of session '" + session + "' differs between source and target", session, c.id());
      }
      verification.verifyStored(copy, chains.parentChain(c), Bases.of(to, session));
    }
  }

  static CheckpointRecord read(CheckpointStore store, Checkpoint c) {
    return store.read(c.sessionId(), c.id()).orElseThrow(() -> new StoreException("checkpoint #" + c.sequence()
        + " (" + c.id() + ") of session '" + c.sessionId() + "' is listed by the store but cannot be read: run "
        + "`rollback verify` on it"));
  }

  private static Map<CheckpointId, Checkpoint> byId(List<Checkpoint> list) {
    Map<CheckpointId, Checkpoint> byId = new LinkedHashMap<>();
    list.forEach(c -> byId.put(c.id(), c));
    return byId;
  }
}
