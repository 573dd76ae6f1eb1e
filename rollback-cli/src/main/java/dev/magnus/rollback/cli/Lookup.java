package dev.magnus.rollback.cli;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import java.util.TreeSet;

/*
 * The CLI's words for a session or checkpoint the store does not hold: what was asked, where it was
 * looked for, and which command lists what there is (instead of the engine's advice to API callers).
 * Stateless.
 */
final class Lookup {
  private static final int LISTED = 10;

  private Lookup() {}

  static String noSession(String session, CheckpointStore store, StoreOptions options) {
    TreeSet<String> sessions = new TreeSet<>(store.sessions());
    sessions.removeIf(EncryptionConfig::isKeyRingSession);
    String some = sessions.isEmpty() ? "it holds no session"
        : "it holds " + sessions.size() + " session" + (sessions.size() == 1 ? "" : "s") + ": "
            + String.join(", ", sessions.stream().limit(LISTED).toList()) + (sessions.size() > LISTED ? ", ..." : "");
    return "no session '" + session + "' in the " + options.describe() + "; " + some + " (`rollback inspect"
        + options.again() + "` lists them)";
  }

  static String noCheckpoint(String session, CheckpointId id, StoreOptions options) {
    return "session '" + session + "' has no checkpoint " + id + " (unknown id, or deleted by retention); `rollback "
        + "inspect " + session + options.again() + "` lists its checkpoints";
  }
}
