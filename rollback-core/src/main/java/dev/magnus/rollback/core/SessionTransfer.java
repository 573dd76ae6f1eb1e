package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Move sessions between stores: export them to a JSON-lines stream, import such a stream, or copy
 * every session of one store into another, for tools and for services that migrate at startup.
 *
 * <p>An export holds a header line, then one line per checkpoint (every descriptor field and the
 * stored payload in base64, oldest first per session; an encrypted session's payloads as they are
 * stored, encrypted, preceded by its key ring entries, which hold its data keys wrapped under the
 * configured keys, so an export holds no plaintext state and needs no key), then the audit entries of those sessions when
 * an audit file is given, then an end line with the counts; every line carries a SHA-256 of its own
 * text. An import verifies every line before it writes anything: each state hash,
 * each chain hash whose parent is in the stream, each audit entry's hash; a line that fails is refused
 * with its line number, and a session the target already holds is refused unless renaming is asked
 * for. A copy writes only what the target lacks, so running it again after an interruption (even
 * {@code kill -9}) completes it without duplicates, and compares every descriptor and payload at the
 * end.
 *
 * <p>Thread-safe (stateless apart from its verifier), but the stores must not be written by anyone
 * else for the sessions concerned while a transfer runs.
 */
public final class SessionTransfer {
  private final Verification verification;

  private SessionTransfer(Verification verification) {
    this.verification = verification;
  }

  /**
   * What an import wrote.
   *
   * @param sessions each imported session's id in the stream, mapped to its id in the target (the same
   *     unless it was renamed)
   * @param checkpoints how many checkpoints were written
   * @param auditEntries how many audit entries the stream held, all verified (they are not written to
   *     the target: a store holds no audit log)
   */
  public record Imported(Map<String, String> sessions, long checkpoints, int auditEntries) {
    /** Validate and copy. */
    public Imported {
      sessions = Map.copyOf(Objects.requireNonNull(sessions, "sessions"));
    }
  }

  /**
   * What a copy did.
   *
   * @param sessions how many sessions the source holds, all now in the target (encryption key ring sessions, copied
   *     with them, are not counted)
   * @param copied how many checkpoints this run wrote
   * @param alreadyPresent how many checkpoints the target already held (from an interrupted run)
   */
  public record Copied(int sessions, long copied, long alreadyPresent) {}

  /**
   * Create a transfer that verifies checkpoints written with a configuration (its HMAC key variable is
   * read from the process environment).
   *
   * @param config the configuration the checkpoints were written with
   * @return the transfer
   */
  public static SessionTransfer of(RollbackConfig config) {
    return new SessionTransfer(Verification.of(config));
  }

  /**
   * Create a transfer reading the HMAC key variable from the given map.
   *
   * @param config the configuration the checkpoints were written with
   * @param environment environment variables
   * @return the transfer
   */
  public static SessionTransfer of(RollbackConfig config, Map<String, String> environment) {
    return new SessionTransfer(Verification.of(config, environment));
  }

  /**
   * Write sessions to a stream, one checkpoint a line, each verified as it is read.
   *
   * @param store the store holding the sessions
   * @param sessionIds the sessions, in the order to write them
   * @param out where the lines go (not closed)
   * @param auditFile an audit file (JSON lines) whose entries of these sessions are added, or null
   * @return how many checkpoints were written
   * @throws SessionNotFoundException if the store holds no checkpoint of a session (nothing is written)
   * @throws dev.magnus.rollback.IntegrityViolationException if a stored checkpoint fails verification
   * @throws IOException if writing fails
   */
  public long export(CheckpointStore store, Collection<String> sessionIds, Writer out, @Nullable Path auditFile)
      throws IOException {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(out, "out");
    Set<String> sessions = new LinkedHashSet<>(Objects.requireNonNull(sessionIds, "sessionIds"));
    for (String session : sessions) {
      if (store.latest(session).isEmpty()) {
        throw new SessionNotFoundException("session '" + session + "' is not in the store, so it cannot be exported: "
            + "list the stored sessions (rollback inspect) and name one of them", session);
      }
    }
    out.write(TransferLines.header());
    long written = 0;
    long lines = 0;
    for (String session : sessions) {
      List<Checkpoint> ring = store.list(KeyRing.ringOf(session), CheckpointQuery.all());
      lines += exportSession(store, KeyRing.ringOf(session), ring, out); // an encrypted session's wrapped data keys
      long states = exportSession(store, session, store.list(session, CheckpointQuery.all()), out);
      written += states;
      lines += states;
    }
    long audited = 0;
    if (auditFile != null) {
      for (AuditEntry e : AuditFiles.read(auditFile)) {
        if (e.sessionId().isPresent() && sessions.contains(e.sessionId().get())) {
          out.write(TransferLines.audit(e));
          audited++;
        }
      }
    }
    out.write(TransferLines.end(lines, audited));
    out.flush();
    return written;
  }

  private long exportSession(CheckpointStore store, String session, List<Checkpoint> live, Writer out)
      throws IOException {
    ChainIndex chains = new ChainIndex(live);
    for (Checkpoint c : live) {
      CheckpointRecord record = TransferCopy.read(store, c);
      // encrypted payloads travel as they are stored: checked by envelope digest and chain, no key needed
      verification.verifyStored(record, chains.parentChain(c), Bases.of(store, session));
      out.write(TransferLines.checkpoint(record));
    }
    return live.size();
  }

  /**
   * Read an export and write its sessions to a store, after verifying every line: nothing is written
   * when any line fails or any session conflicts.
   *
   * @param in the export stream (not closed)
   * @param target the store to write to
   * @param rename whether a session the target already holds is imported under a new id
   *     ({@code <id>-imported}, then {@code -imported-2}, …) with its checkpoints encoded again
   * @return what was written
   * @throws dev.magnus.rollback.IntegrityViolationException naming the line that is malformed or fails
   *     its hash or chain check
   * @throws dev.magnus.rollback.SessionAlreadyExistsException if the target holds a session of the
   *     stream and {@code rename} is false
   * @throws IOException if reading fails
   */
  public Imported importFrom(BufferedReader in, CheckpointStore target, boolean rename) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(target, "target");
    return new TransferImport(verification).run(in, target, rename);
  }

  /**
   * Copy every session of one store into another, skipping what the target already holds (so a run
   * interrupted at any point can simply be run again), then compare every descriptor and payload.
   *
   * @param from the source store
   * @param to the target store
   * @return what was copied
   * @throws dev.magnus.rollback.CheckpointConflictException if the target holds a checkpoint of a
   *     session that differs from the source's or that the source does not hold
   * @throws dev.magnus.rollback.IntegrityViolationException if a source checkpoint fails verification or
   *     the comparison at the end finds a difference
   */
  public Copied copy(CheckpointStore from, CheckpointStore to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return new TransferCopy(verification).run(from, to);
  }
}
