package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointStatus;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.EncryptionKeyException;
import dev.magnus.rollback.HistoryQuery;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionAlreadyExistsException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Encrypted sessions travel through export and import as ciphertext, with their wrapped data keys, and read back. */
class EncryptedTransferTest {
  private static final String MARKER = "transfer-marker-41c";
  private static final Map<String, String> ENVIRONMENT = Map.of("KEY_T", key());

  private final CheckpointStore source = InMemoryStores.create();
  private final CheckpointStore target = InMemoryStores.create();

  private static String key() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0x4b);
    return Base64.getEncoder().encodeToString(key);
  }

  private static RollbackConfig config(EncryptionConfig keys, boolean deltas) {
    return RollbackConfig.custom().integrity(IntegrityConfig.ofDefaults().withEncryption(keys))
        .checkpoint(CheckpointConfig.custom().delta(new DeltaConfig(deltas, 16, 0.5)).build()).build();
  }

  private static SessionRollbackEngine engine(CheckpointStore store, EncryptionConfig keys, boolean deltas) {
    return SessionRollback.builder().config(config(keys, deltas)).store(InjectingStore.view(store))
        .scheduler(Fixtures.SCHEDULER).environment(ENVIRONMENT).build();
  }

  /** s-secret encrypted (five checkpoints and a rollback), s-plain written before encryption was on. */
  private void writeSource(boolean deltas) {
    try (SessionRollbackEngine engine = engine(source, EncryptionConfig.off(), deltas)) {
      engine.initialize("s-plain", metadata(), Map.of("note", "public"));
    }
    try (SessionRollbackEngine engine = engine(source, EncryptionConfig.withKey("t", "KEY_T"), deltas)) {
      Session s = engine.initialize("s-secret", metadata(), Map.of("note", MARKER, "n", 0L));
      for (long i = 1; i <= 4; i++) {
        long n = i;
        s.update(st -> st.with("n", n).with("log", MARKER + " " + n));
        s.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + n);
      }
      s.rollbackToCheckpoint(s.checkpoints().get(2).id());
    }
  }

  private String export(List<String> sessions) throws IOException {
    StringWriter out = new StringWriter();
    SessionTransfer.of(RollbackConfig.ofDefaults(), Map.of()).export(source, sessions, out, null); // no key needed
    return out.toString();
  }

  private SessionTransfer.Imported importInto(String export, boolean rename) throws IOException {
    return SessionTransfer.of(RollbackConfig.ofDefaults(), Map.of())
        .importFrom(new BufferedReader(new StringReader(export)), target, rename);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anEncryptedSessionIsExportedAsCiphertextAndReadsBackAfterImportWithTheKey(boolean deltas) throws IOException {
    writeSource(deltas);
    Map<String, Object> expected;
    try (SessionRollbackEngine engine = engine(source, EncryptionConfig.withKey("t", "KEY_T"), deltas)) {
      expected = engine.resume("s-secret").getCurrentState().attributes();
    }

    String export = export(List.of("s-secret", "s-plain"));
    SessionTransfer.Imported imported = importInto(export, false);

    assertFalse(export.contains(MARKER), "the export holds no plaintext");
    assertTrue(decodedPayloads(export).noneMatch(p -> p.contains(MARKER)), "no decoded payload holds the plaintext");
    assertEquals(Map.of("s-secret", "s-secret", "s-plain", "s-plain"), imported.sessions());
    assertEquals(7L + 1L, imported.checkpoints(), "s-secret: start, four steps, pre-rollback, recovery point; s-plain");
    try (SessionRollbackEngine engine = engine(target, EncryptionConfig.withKey("t", "KEY_T"), deltas)) {
      assertEquals(expected, engine.resume("s-secret").getCurrentState().attributes());
      assertTrue(engine.checkpoints("s-secret", HistoryQuery.all().verified()).stream()
          .allMatch(c -> c.integrity() == CheckpointStatus.Integrity.INTACT));
      assertEquals(List.of("s-plain", "s-secret"), engine.sessions("", 10).sessionIds());
    }
    try (SessionRollbackEngine engine = engine(target, EncryptionConfig.off(), deltas)) {
      assertThrows(EncryptionKeyException.class, () -> engine.resume("s-secret"), "the target still needs the key");
      assertEquals("public", engine.resume("s-plain").getCurrentState().attributes().get("note"));
    }
  }

  private static java.util.stream.Stream<String> decodedPayloads(String export) {
    return java.util.regex.Pattern.compile("\"payload\":\"([A-Za-z0-9+/=]*)\"").matcher(export).results()
        .map(m -> new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.ISO_8859_1));
  }

  @org.junit.jupiter.api.Test
  void anEncryptedSessionTheTargetHoldsIsNotRenamedButAPlainOneIs() throws IOException {
    writeSource(false);
    String export = export(List.of("s-secret", "s-plain"));
    importInto(export, false);

    SessionAlreadyExistsException e = assertThrows(SessionAlreadyExistsException.class, () -> importInto(export, true));
    SessionTransfer.Imported plainOnly = importInto(export(List.of("s-plain")), true);

    assertTrue(e.getMessage().contains("is encrypted") && e.getMessage().contains("delete it from the target first"),
        e.getMessage());
    assertEquals(Map.of("s-plain", "s-plain-imported"), plainOnly.sessions());
  }
}
