package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.KeyProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Rewrap the data keys of encrypted sessions under the active key, so that an older key can be
 * retired: no checkpoint payload is rewritten. For each data key not yet wrapped under the active key,
 * it unwraps it with a configured older key, appends the new wrapping, reads it back and checks it
 * unwraps to the same data key, and only then deletes the older wrappings. A crash at any point
 * leaves every data key wrapped at least once (both wrappings between the append and the deletion);
 * running it again finishes the job. Not thread-safe against another rotation of the same store.
 */
public final class KeyRotation {
  private KeyRotation() {}

  /**
   * What a rotation did.
   *
   * @param rewrapped data keys newly wrapped under the active key
   * @param retired older wrappings deleted (after the new one was verified)
   * @param current data keys that were already wrapped under the active key only
   */
  public record Result(int rewrapped, int retired, int current) {}

  /**
   * Rewrap the data keys of one session, or of every session, under the active key.
   *
   * @param store the store (opened writable)
   * @param config the keys (every key the data keys are wrapped under) and the active key id
   * @param environment environment variables holding the keys (asked after the provider)
   * @param provider a key provider asked first, or null for those ServiceLoader finds
   * @param sessionId one session, or empty for all
   * @return what was done
   * @throws ConfigInvalidException if no active key is configured or a key is missing or malformed
   * @throws dev.magnus.rollback.EncryptionKeyException if a data key is wrapped only under keys not configured
   */
  public static Result rekey(CheckpointStore store, EncryptionConfig config, Map<String, String> environment,
      @Nullable KeyProvider provider, Optional<String> sessionId) {
    Objects.requireNonNull(store, "store");
    String active = config.activeKeyId().orElseThrow(() -> new ConfigInvalidException("rekey needs "
        + "integrity.encryption.activeKeyId: the key to wrap every data key under"));
    KeyRing ring = new KeyRing(store, WrappingKeys.of(config, provider != null ? provider : KeyProviders.discovered(),
        environment), Clock.systemUTC());
    Map<String, Map<String, List<Checkpoint>>> bySession = new LinkedHashMap<>();
    for (Checkpoint entry : KeyRing.allEntries(store)) {
      String session = entry.labels().getOrDefault(KeyRing.OF_SESSION, "");
      if (sessionId.isEmpty() || sessionId.get().equals(session)) {
        bySession.computeIfAbsent(session, k -> new LinkedHashMap<>())
            .computeIfAbsent(entry.labels().getOrDefault(KeyRing.DEK, ""), k -> new ArrayList<>()).add(entry);
      }
    }
    int rewrapped = 0;
    int retired = 0;
    int current = 0;
    for (Map.Entry<String, Map<String, List<Checkpoint>>> ofSession : new java.util.TreeMap<>(bySession).entrySet()) {
      String session = ofSession.getKey();
      for (Map.Entry<String, List<Checkpoint>> dek : ofSession.getValue().entrySet()) {
        List<Checkpoint> wraps = dek.getValue();
        List<Checkpoint> older = wraps.stream().filter(w -> !active.equals(w.labels().get(KeyRing.KEK))).toList();
        if (older.isEmpty()) {
          current++;
          continue;
        }
        if (older.size() == wraps.size()) {
          ring.rewrap(session, dek.getKey(), older.get(0), active);
          rewrapped++;
        }
        // the active wrapping is there (just written or left by an interrupted run): verify it, then retire
        ring.verifyWrapped(session, dek.getKey(), active);
        List<CheckpointId> ids = older.stream().map(Checkpoint::id).toList();
        retired += store.delete(KeyRing.ringOf(session), ids);
      }
    }
    return new Result(rewrapped, retired, current);
  }
}
