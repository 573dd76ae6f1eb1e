package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.SessionAlreadyExistsException;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Import one export stream: parse every line, verify every checkpoint (state hash; chain hash when its
 * parent is in the stream) and every audit entry's hash, decide each session's id in the target, and
 * only then write. Invariant: nothing is appended before the whole stream has passed. One import per
 * instance; not thread-safe.
 */
final class TransferImport {
  private static final String RENAMED_FROM = "renamedFrom";
  private final Verification verification;
  private final Map<String, List<TransferLines.CheckpointLine>> sessions = new LinkedHashMap<>();
  private final Map<CheckpointLine, Verification.Verified> states = new HashMap<>();
  private final Set<CheckpointId> ids = new HashSet<>();
  private int auditEntries;

  /** The identity of a parsed line, by its number. */
  private record CheckpointLine(int number) {}

  TransferImport(Verification verification) {
    this.verification = verification;
  }

  SessionTransfer.Imported run(BufferedReader in, CheckpointStore target, boolean rename) throws IOException {
    parse(in);
    sessions.values().forEach(this::verifySession);
    Map<String, String> names = names(target, rename);
    long written = 0;
    for (Map.Entry<String, List<TransferLines.CheckpointLine>> s : sessions.entrySet()) {
      String name = Objects.requireNonNull(names.get(s.getKey()));
      if (EncryptionConfig.isKeyRingSession(name)) {
        appendRing(target, name, originals(s.getValue()));
        continue;
      }
      for (CheckpointRecord record : name.equals(s.getKey()) ? originals(s.getValue()) : renamed(s.getValue(), name)) {
        target.append(record);
        written++;
      }
    }
    names.keySet().removeIf(EncryptionConfig::isKeyRingSession);
    return new SessionTransfer.Imported(names, written, auditEntries);
  }

  /**
   * Add key ring entries after those the target holds (their sequence in the ring means nothing; their
   * wrapping is bound to the session, data key and key ids), skipping any the target holds already.
   */
  private static void appendRing(CheckpointStore target, String ring, List<CheckpointRecord> entries) {
    long sequence = target.latest(ring).map(Checkpoint::sequence).orElse(0L);
    for (CheckpointRecord e : entries) {
      Checkpoint c = e.checkpoint();
      if (target.read(ring, c.id()).isPresent()) {
        continue;
      }
      sequence++;
      target.append(new CheckpointRecord(new Checkpoint(c.id(), ring, sequence, Optional.empty(), c.type(),
          c.description(), c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(), c.storedSize(),
          c.compression()), e.payload()));
    }
  }

  private void parse(BufferedReader in) throws IOException {
    String header = in.readLine();
    if (header == null) {
      throw TransferLines.refused(1, "is missing: the file is empty");
    }
    TransferLines.requireHeader(header);
    int number = 1;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      number++;
      TransferLines.Line parsed = TransferLines.parse(number, line);
      if (parsed instanceof TransferLines.AuditLine a) {
        verifyAudit(a);
      } else if (parsed instanceof TransferLines.CheckpointLine c) {
        add(c);
      } else if (parsed instanceof TransferLines.EndLine end) {
        requireEnd(end, in.readLine());
        return;
      }
    }
    throw TransferLines.refused(number + 1, "is missing: the export has no end line, so it was cut short");
  }

  private void requireEnd(TransferLines.EndLine end, @Nullable String next) {
    if (end.checkpoints() != ids.size() || end.auditEntries() != auditEntries) {
      throw TransferLines.refused(end.number(), "counts " + end.checkpoints() + " checkpoints and " + end.auditEntries()
          + " audit entries, but the export holds " + ids.size() + " and " + auditEntries + ": lines were removed");
    }
    if (next != null) {
      throw TransferLines.refused(end.number() + 1, "follows the end line: an export ends there");
    }
  }

  private void add(TransferLines.CheckpointLine line) {
    Checkpoint c = line.record().checkpoint();
    List<TransferLines.CheckpointLine> session = sessions.computeIfAbsent(c.sessionId(), s -> new ArrayList<>());
    if (!ids.add(c.id())) {
      throw TransferLines.refused(line.number(), "repeats checkpoint id " + c.id());
    }
    if (!session.isEmpty() && session.get(session.size() - 1).record().checkpoint().sequence() >= c.sequence()) {
      throw TransferLines.refused(line.number(), "has sequence " + c.sequence() + " of session '" + c.sessionId()
          + "' after a checkpoint with the same or a higher one: an export lists each session oldest first");
    }
    session.add(line);
  }

  private void verifyAudit(TransferLines.AuditLine line) {
    if (!Hasher.same(AuditTrail.hashOf(line.entry()), line.entry().hash())) {
      throw TransferLines.refused(line.number(), "holds audit entry " + line.entry().entryId() + " whose hash does not "
          + "match its content: it was modified");
    }
    auditEntries++;
  }

  private void verifySession(List<TransferLines.CheckpointLine> lines) {
    ChainIndex chains = new ChainIndex();
    Bases bases = Bases.of(originals(lines));
    for (TransferLines.CheckpointLine line : lines) {
      Checkpoint c = line.record().checkpoint();
      try {
        if (encrypted(c) || EncryptionConfig.isKeyRingSession(c.sessionId())) {
          verification.verifyStored(line.record(), chains.parentChain(c), bases);
          requireRingOf(line);
        } else {
          states.put(new CheckpointLine(line.number()), verification.verifyRecord(line.record(), chains.parentChain(c),
              bases));
        }
      } catch (CheckpointViolation e) {
        throw TransferLines.refused(line.number(), "holds checkpoint #" + c.sequence() + " (" + c.id() + ") of session '"
            + c.sessionId() + "', which fails verification: " + e.problem());
      } catch (IntegrityViolationException e) {
        throw TransferLines.refused(line.number(), "fails verification: " + e.getMessage());
      }
      chains.add(c);
    }
  }

  private static boolean encrypted(Checkpoint c) {
    return c.labels().containsKey(Checkpoint.ENCRYPTION);
  }

  /**
   * A key ring entry must belong to a session of the stream, in that session's ring; an encrypted
   * checkpoint's session must have its ring in the stream or in the target (checked at naming).
   */
  private void requireRingOf(TransferLines.CheckpointLine line) {
    Checkpoint c = line.record().checkpoint();
    if (!EncryptionConfig.isKeyRingSession(c.sessionId())) {
      return;
    }
    String of = c.labels().getOrDefault(KeyRing.OF_SESSION, "");
    if (!sessions.containsKey(of) || !KeyRing.ringOf(of).equals(c.sessionId())) {
      throw TransferLines.refused(line.number(), "holds a key ring entry (" + c.id() + ") of session '" + of
          + "', which the export does not hold or whose key ring is elsewhere: it was not written by an export");
    }
  }

  private Map<String, String> names(CheckpointStore target, boolean rename) {
    Map<String, String> names = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>(sessions.keySet());
    for (String session : sessions.keySet()) {
      boolean encrypted = sessions.get(session).stream().anyMatch(l -> encrypted(l.record().checkpoint()));
      if (encrypted && !sessions.containsKey(KeyRing.ringOf(session)) && target.latest(KeyRing.ringOf(session)).isEmpty()) {
        throw TransferLines.refused(sessions.get(session).get(0).number(), "starts session '" + session + "', which is "
            + "encrypted, but neither the export nor the target store holds its data keys: nothing was imported; export "
            + "it again with a version that writes its key ring entries");
      }
      if (EncryptionConfig.isKeyRingSession(session)) {
        names.put(session, session);
      } else if (target.latest(session).isEmpty()) {
        names.put(session, session);
      } else if (encrypted) {
        throw new SessionAlreadyExistsException("session '" + session + "' already exists in the target store and is "
            + "encrypted: its payloads are bound to its session id, so it cannot be imported under another id; nothing "
            + "was imported: delete it from the target first", session);
      } else if (!rename) {
        throw new SessionAlreadyExistsException("session '" + session + "' already exists in the target store; "
            + "nothing was imported: import with rename (rollback import --rename) to store it under a new id, "
            + "or delete it from the target first", session);
      } else {
        String name = session + "-imported";
        for (int n = 2; taken.contains(name) || target.latest(name).isPresent(); n++) {
          name = session + "-imported-" + n;
        }
        taken.add(name);
        names.put(session, name);
      }
    }
    return names;
  }

  private static List<CheckpointRecord> originals(List<TransferLines.CheckpointLine> lines) {
    return lines.stream().map(TransferLines.CheckpointLine::record).toList();
  }

  /** Encode a session's checkpoints again under a new id: new state bytes, ids, hashes and chain. */
  private List<CheckpointRecord> renamed(List<TransferLines.CheckpointLine> lines, String name) {
    Map<CheckpointId, Checkpoint> renamedIds = new HashMap<>();
    List<CheckpointRecord> records = new ArrayList<>(lines.size());
    for (TransferLines.CheckpointLine line : lines) {
      Checkpoint c = line.record().checkpoint();
      Verification.Verified v = Objects.requireNonNull(states.get(new CheckpointLine(line.number())));
      SessionState s = v.state();
      Optional<Checkpoint> parent = c.parentId().flatMap(p -> Optional.ofNullable(renamedIds.get(p)));
      Map<String, String> labels = new LinkedHashMap<>(c.labels());
      labels.put(RENAMED_FROM, c.sessionId());
      c.label(Checkpoint.RESTORED_FROM).map(CheckpointId::of).flatMap(r -> Optional.ofNullable(renamedIds.get(r)))
          .ifPresent(r -> labels.put(Checkpoint.RESTORED_FROM, r.id().value()));
      Verification.Verified renamed = new Verification.Verified(c,
          new SessionState(name, s.metadata(), s.revision(), s.attributes()), v.schemaVersion());
      CheckpointRecord record = verification.reencode(renamed, parent.map(Checkpoint::id),
          parent.map(Checkpoint::chainHash).orElse(""), labels);
      renamedIds.put(c.id(), record.checkpoint());
      records.add(record);
    }
    return records;
  }
}
