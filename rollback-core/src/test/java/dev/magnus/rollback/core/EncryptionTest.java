package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointStatus;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.EncryptionKeyException;
import dev.magnus.rollback.HistoryQuery;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.core.config.RollbackConfigLoader;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payloads encrypted at rest under session data keys wrapped by configured keys: round trips and every failure apart. */
class EncryptionTest {
  private static final String MARKER = "plaintext-marker-7f3a";
  private static final String KEY_A = base64(1);
  private static final String KEY_B = base64(2);

  private final CheckpointStore inner = InMemoryStores.create();
  private final ManualClock clock = new ManualClock(Fixtures.T0);

  private static String base64(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    key[0] = (byte) (fill * 7);
    return Base64.getEncoder().encodeToString(key);
  }

  private static RollbackConfig config(EncryptionConfig encryption, boolean deltas) {
    return RollbackConfig.custom().integrity(IntegrityConfig.ofDefaults().withEncryption(encryption))
        .checkpoint(CheckpointConfig.custom().delta(new DeltaConfig(deltas, 16, 0.5)).build()).build();
  }

  private SessionRollbackEngine engine(EncryptionConfig encryption, Map<String, String> environment, boolean deltas) {
    return SessionRollback.builder().config(config(encryption, deltas)).store(InjectingStore.view(inner))
        .clock(clock).scheduler(Fixtures.SCHEDULER).environment(environment).build();
  }

  private SessionRollbackEngine engineA(boolean deltas) {
    return engine(EncryptionConfig.withKey("a", "KEY_A"), Map.of("KEY_A", KEY_A), deltas);
  }

  private Session sessionWithHistory(SessionRollbackEngine engine) {
    Session s = engine.initialize("s1", metadata(), Map.of("secret", MARKER, "n", 0L));
    for (long i = 1; i <= 5; i++) {
      long n = i;
      s.update(st -> st.with("n", n).with("note", MARKER + " step " + n));
      s.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + n);
    }
    return s;
  }

  /** A record as the store holds it: the descriptor with the stored payload's size. */
  private static CheckpointRecord stored(Checkpoint c, byte[] payload) {
    return new CheckpointRecord(new Checkpoint(c.id(), c.sessionId(), c.sequence(), c.parentId(), c.type(),
        c.description(), c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(), payload.length,
        c.compression()), payload);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void encryptedCheckpointsRoundTripThroughRollbackAndResumeAndHoldNoPlaintextAtRest(boolean deltas) {
    Map<String, Object> atThree;
    try (SessionRollbackEngine engine = engineA(deltas)) {
      Session s = sessionWithHistory(engine);
      Checkpoint third = s.checkpoints().get(3);
      atThree = s.rollbackToCheckpoint(third.id()).restoredState().attributes();
      assertEquals(3L, atThree.get("n"));
    }
    try (SessionRollbackEngine engine = engineA(deltas)) {
      Session resumed = engine.resume("s1");
      assertEquals(atThree, resumed.getCurrentState().attributes());
      assertTrue(engine.checkpoints("s1", HistoryQuery.all().verified()).stream()
          .allMatch(c -> c.integrity() == CheckpointStatus.Integrity.INTACT), "every checkpoint verifies");
    }
    for (Checkpoint c : inner.list("s1", CheckpointQuery.all())) {
      assertEquals(PayloadEnvelope.SCHEME, c.labels().get(Checkpoint.ENCRYPTION));
      byte[] stored = inner.read("s1", c.id()).orElseThrow().payload();
      assertTrue(PayloadEnvelope.isSealed(stored));
      assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("marker"), "plaintext in " + c.id());
    }
    assertEquals(List.of(KeyRing.ringOf("s1")), inner.sessions().stream()
        .filter(dev.magnus.rollback.EncryptionConfig::isKeyRingSession).toList(), "the key ring lives in the store");
  }

  @Test
  void theKeyRingSessionIsHiddenAndReserved() {
    try (SessionRollbackEngine engine = engineA(false)) {
      sessionWithHistory(engine);
      assertEquals(List.of("s1"), engine.sessions("", 100).sessionIds());
      assertThrows(IllegalArgumentException.class, () -> engine.initialize(KeyRing.SESSION, metadata(), Map.of()));
      assertThrows(IllegalArgumentException.class, () -> engine.initialize(KeyRing.ringOf("s1"), metadata(), Map.of()));
      assertEquals(1L, engine.stats().storedSessions(), "the key ring's session is not counted");
    }
  }

  @Test
  void aPayloadMovedToAnotherCheckpointFailsAsDamageNamingThatCheckpoint() {
    Checkpoint second;
    try (SessionRollbackEngine engine = engineA(false)) {
      Session s = sessionWithHistory(engine);
      second = s.checkpoints().get(2);
      Checkpoint fourth = s.checkpoints().get(4);
      CheckpointRecord moved = stored(second, inner.read("s1", fourth.id()).orElseThrow().payload());
      inner.delete("s1", List.of(second.id()));
      inner.append(moved);
      IntegrityViolationException e = assertThrows(IntegrityViolationException.class,
          () -> s.rollbackToCheckpoint(second.id()));
      assertTrue(e.getMessage().contains("belongs to another checkpoint"), e.getMessage());
      assertEquals(Optional.of(second.id()), e.checkpointId());
    }
  }

  @Test
  void aFlippedCiphertextByteIsDamageNotAKeyProblem() {
    try (SessionRollbackEngine engine = engineA(false)) {
      Session s = sessionWithHistory(engine);
      Checkpoint c = s.checkpoints().get(2);
      byte[] payload = inner.read("s1", c.id()).orElseThrow().payload();
      payload[payload.length / 2] ^= 0x01;
      inner.delete("s1", List.of(c.id()));
      inner.append(stored(c, payload));
      IntegrityViolationException e = assertThrows(IntegrityViolationException.class,
          () -> s.rollbackToCheckpoint(c.id()));
      assertFalse(((Object) e) instanceof EncryptionKeyException);
      assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }
  }

  @Test
  void aMissingKeyIdAndAWrongKeyUnderTheSameIdAreKeyErrorsNamingTheKeyNeverDamage() {
    try (SessionRollbackEngine engine = engineA(false)) {
      sessionWithHistory(engine);
    }
    EncryptionConfig onlyB = new EncryptionConfig(Map.of("b", "KEY_B"), Optional.of("b"));
    try (SessionRollbackEngine engine = engine(onlyB, Map.of("KEY_B", KEY_B), false)) {
      EncryptionKeyException missing = assertThrows(EncryptionKeyException.class, () -> engine.resume("s1"));
      assertEquals("a", missing.keyId());
      assertTrue(missing.getMessage().contains("'a', which is not configured"), missing.getMessage());
      assertFalse(missing.getMessage().contains(KEY_B) || missing.getMessage().contains(KEY_A));
    }
    try (SessionRollbackEngine engine = engine(EncryptionConfig.withKey("a", "KEY_A"), Map.of("KEY_A", KEY_B), false)) {
      EncryptionKeyException wrong = assertThrows(EncryptionKeyException.class, () -> engine.resume("s1"));
      assertEquals("a", wrong.keyId());
      assertTrue(wrong.getMessage().contains("is another key"), wrong.getMessage());
      assertFalse(wrong.getMessage().contains(KEY_B) || wrong.getMessage().contains(KEY_A));
    }
  }

  @Test
  void anOldKeyStillReadsWhileANewActiveKeyWrapsNewSessions() {
    try (SessionRollbackEngine engine = engineA(false)) {
      sessionWithHistory(engine);
    }
    EncryptionConfig rotated = new EncryptionConfig(Map.of("a", "KEY_A", "b", "KEY_B"), Optional.of("b"));
    try (SessionRollbackEngine engine = engine(rotated, Map.of("KEY_A", KEY_A, "KEY_B", KEY_B), false)) {
      assertEquals(5L, engine.resume("s1").getCurrentState().attributes().get("n"));
      engine.initialize("s2", metadata(), Map.of("secret", MARKER));
    }
    List<String> keks = KeyRing.allEntries(inner).stream()
        .map(c -> c.labels().get(KeyRing.OF_SESSION) + ":" + c.labels().get(KeyRing.KEK)).sorted().toList();
    assertTrue(keks.contains("s1:a") && keks.contains("s2:b"), keks.toString());
  }

  @Test
  void deletingASessionDeletesItsDataKeys() {
    try (SessionRollbackEngine engine = engineA(false)) {
      sessionWithHistory(engine);
      engine.initialize("s2", metadata(), Map.of("x", 1L));
      assertEquals(2, KeyRing.allEntries(inner).size());
      engine.deleteSession("s1", true);
      assertEquals(List.of("s2"), KeyRing.allEntries(inner).stream()
          .map(c -> c.labels().get(KeyRing.OF_SESSION)).toList());
    }
  }

  @Test
  void checkpointsWrittenBeforeEncryptionWasSwitchedOnStayReadable() {
    try (SessionRollbackEngine engine = engine(EncryptionConfig.off(), Map.of(), false)) {
      sessionWithHistory(engine);
    }
    try (SessionRollbackEngine engine = engineA(false)) {
      Session s = engine.resume("s1");
      Checkpoint plain = s.checkpoints().get(1);
      assertEquals(1L, s.rollbackToCheckpoint(plain.id()).restoredState().attributes().get("n"));
      Checkpoint newest = s.checkpoints().get(s.checkpoints().size() - 1);
      assertEquals(PayloadEnvelope.SCHEME, newest.labels().get(Checkpoint.ENCRYPTION));
    }
  }

  @Test
  void anEncryptedCheckpointReadWithoutKeysSaysTheKeyIsNeeded() {
    try (SessionRollbackEngine engine = engineA(false)) {
      sessionWithHistory(engine);
    }
    try (SessionRollbackEngine engine = engine(EncryptionConfig.off(), Map.of(), false)) {
      EncryptionKeyException e = assertThrows(EncryptionKeyException.class, () -> engine.resume("s1"));
      assertTrue(e.getMessage().contains("is encrypted"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"unset", "not base64!", "short"})
  void aBadKeyVariableIsAConfigErrorNamingTheVariableNeverTheKey(String problem) {
    Map<String, String> env = switch (problem) {
      case "unset" -> Map.of();
      case "short" -> Map.of("KEY_A", Base64.getEncoder().encodeToString(new byte[16]));
      default -> Map.of("KEY_A", problem);
    };
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> engine(EncryptionConfig.withKey("a", "KEY_A"), env, false).close());
    assertInstanceOf(ConfigInvalidException.class, e);
    assertTrue(e.getMessage().contains("KEY_A") || e.getMessage().contains("'a'"), e.getMessage());
    env.values().forEach(v -> assertFalse(e.getMessage().contains(v), "the key leaked into: " + e.getMessage()));
  }

  @Test
  void keyHoldersNameIdsOnly() {
    WrappingKeys keys = WrappingKeys.of(EncryptionConfig.withKey("a", "KEY_A"), null, Map.of("KEY_A", KEY_A));
    assertFalse(keys.toString().contains(KEY_A));
    KeyRing ring = new KeyRing(inner, keys, clock);
    assertEquals("DataKey[" + ring.forWriting("s9").id() + "]", ring.forWriting("s9").toString());
  }

  @Test
  void theYamlKeysAndActiveKeyIdBindAndBadOnesAreNamedProblems() {
    RollbackConfig loaded = RollbackConfigLoader.load(new java.io.StringReader(String.join("\n", "integrity:",
        "  encryption:", "    keys: {k2026: KEY_2026, k2025: KEY_2025}", "    activeKeyId: k2026")), "test.yaml");
    assertEquals(new EncryptionConfig(Map.of("k2026", "KEY_2026", "k2025", "KEY_2025"), Optional.of("k2026")),
        loaded.integrity().encryption());
    ConfigInvalidException badId = assertThrows(ConfigInvalidException.class, () -> RollbackConfigLoader.load(
        new java.io.StringReader("integrity:\n  encryption:\n    keys: {\"bad id\": KEY}\n"), "test.yaml"));
    assertTrue(badId.getMessage().contains("bad id"), badId.getMessage());
    ConfigInvalidException badVariable = assertThrows(ConfigInvalidException.class, () -> RollbackConfigLoader.load(
        new java.io.StringReader("integrity:\n  encryption:\n    keys: {k: \"1abc\"}\n"), "test.yaml"));
    assertTrue(badVariable.getMessage().contains("1abc"), badVariable.getMessage());
  }

  @Test
  void anActiveKeyIdThatIsNotConfiguredIsRefusedAtStart() {
    EncryptionConfig dangling = new EncryptionConfig(Map.of("a", "KEY_A"), Optional.of("b"));
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
        () -> engine(dangling, Map.of("KEY_A", KEY_A), false).close());
    assertTrue(e.getMessage().contains("activeKeyId") && e.getMessage().contains("'b', which is not among"), e.getMessage());
  }

  @Test
  void aKeyProviderGivenToTheBuilderReplacesTheVariables() {
    byte[] key = Base64.getDecoder().decode(KEY_B);
    EncryptionConfig config = new EncryptionConfig(Map.of(), Optional.of("vault-1"));
    try (SessionRollbackEngine engine = SessionRollback.builder().config(config(config, false))
        .store(InjectingStore.view(inner)).clock(clock).scheduler(Fixtures.SCHEDULER)
        .keyProvider(id -> id.equals("vault-1") ? Optional.of(key.clone()) : Optional.empty()).build()) {
      sessionWithHistory(engine);
    }
    assertEquals("vault-1", KeyRing.allEntries(inner).get(0).labels().get(KeyRing.KEK));
  }

  @Test
  void rekeyRewrapsEveryDataKeyUnderTheActiveKeySoTheOldKeyCanBeRetired() {
    try (SessionRollbackEngine engine = engineA(false)) {
      sessionWithHistory(engine);
      engine.initialize("s2", metadata(), Map.of("secret", MARKER));
    }
    EncryptionConfig rotated = new EncryptionConfig(Map.of("a", "KEY_A", "b", "KEY_B"), Optional.of("b"));
    Map<String, String> both = Map.of("KEY_A", KEY_A, "KEY_B", KEY_B);

    KeyRotation.Result first = KeyRotation.rekey(inner, rotated, both, null, Optional.empty());
    KeyRotation.Result again = KeyRotation.rekey(inner, rotated, both, null, Optional.empty());

    assertEquals(new KeyRotation.Result(2, 2, 0), first);
    assertEquals(new KeyRotation.Result(0, 0, 2), again, "a second run finds nothing to do");
    EncryptionConfig onlyB = new EncryptionConfig(Map.of("b", "KEY_B"), Optional.of("b"));
    try (SessionRollbackEngine engine = engine(onlyB, Map.of("KEY_B", KEY_B), false)) {
      assertEquals(5L, engine.resume("s1").getCurrentState().attributes().get("n"));
      assertEquals(MARKER, engine.resume("s2").getCurrentState().attributes().get("secret"));
    }
  }

  @Test
  void aRekeyCutBetweenTheNewWrappingAndTheDeletionLeavesBothReadableAndARerunFinishes() {
    try (SessionRollbackEngine engine = engineA(false)) {
      sessionWithHistory(engine);
    }
    EncryptionConfig rotated = new EncryptionConfig(Map.of("a", "KEY_A", "b", "KEY_B"), Optional.of("b"));
    Map<String, String> both = Map.of("KEY_A", KEY_A, "KEY_B", KEY_B);
    InjectingStore failing = InjectingStore.view(inner);
    failing.failDelete(true);

    assertThrows(RuntimeException.class, () -> KeyRotation.rekey(failing, rotated, both, null, Optional.of("s1")));

    for (Map<String, String> only : List.of(Map.of("a", "KEY_A"), Map.of("b", "KEY_B"))) {
      EncryptionConfig one = new EncryptionConfig(only, Optional.of(only.keySet().iterator().next()));
      try (SessionRollbackEngine engine = engine(one, both, false)) {
        assertEquals(5L, engine.resume("s1").getCurrentState().attributes().get("n"), "readable with " + only);
      }
    }
    assertEquals(new KeyRotation.Result(0, 1, 0), KeyRotation.rekey(inner, rotated, both, null, Optional.of("s1")));
    assertEquals(List.of("b"), KeyRing.allEntries(inner).stream()
        .map(c -> c.labels().get(KeyRing.KEK)).toList());
  }

  @Test
  void rekeyRefusesADataKeyWrappedOnlyUnderAKeyItDoesNotHave() {
    try (SessionRollbackEngine engine = engineA(false)) {
      sessionWithHistory(engine);
    }
    EncryptionConfig onlyB = new EncryptionConfig(Map.of("b", "KEY_B"), Optional.of("b"));
    EncryptionKeyException e = assertThrows(EncryptionKeyException.class,
        () -> KeyRotation.rekey(inner, onlyB, Map.of("KEY_B", KEY_B), null, Optional.empty()));
    assertEquals("a", e.keyId());
    assertEquals(1, KeyRing.allEntries(inner).size(), "nothing was deleted");
  }

  @Test
  void withKeysButNoActiveKeyAnEncryptedSessionStaysEncryptedAndAPlainOneStaysPlain() {
    try (SessionRollbackEngine engine = engine(EncryptionConfig.off(), Map.of(), false)) {
      engine.initialize("plain", metadata(), Map.of("x", 1L));
    }
    try (SessionRollbackEngine engine = engineA(false)) {
      sessionWithHistory(engine);
    }
    EncryptionConfig readOnly = new EncryptionConfig(Map.of("a", "KEY_A"), Optional.empty());
    try (SessionRollbackEngine engine = engine(readOnly, Map.of("KEY_A", KEY_A), false)) {
      Checkpoint secret = engine.resume("s1").createCheckpoint(CheckpointType.USER_REQUESTED, "later");
      Checkpoint plain = engine.resume("plain").createCheckpoint(CheckpointType.USER_REQUESTED, "later");
      assertEquals(PayloadEnvelope.SCHEME, secret.labels().get(Checkpoint.ENCRYPTION));
      assertTrue(PayloadEnvelope.isSealed(inner.read("s1", secret.id()).orElseThrow().payload()));
      assertFalse(plain.labels().containsKey(Checkpoint.ENCRYPTION));
    }
  }

  @Test
  void withoutKeysVerificationChecksEachEnvelopesDigestAndChainAndFindsDamage() {
    Checkpoint c;
    try (SessionRollbackEngine engine = engineA(false)) {
      c = sessionWithHistory(engine).checkpoints().get(2);
    }
    Verification keyless = Verification.of(RollbackConfig.ofDefaults(), Map.of());
    assertEquals(List.of(), keyless.verifySession(inner, "s1"), "intact ciphertext and chain, checked without the key");
    byte[] payload = inner.read("s1", c.id()).orElseThrow().payload();
    payload[payload.length / 2] ^= 0x01;
    inner.delete("s1", List.of(c.id()));
    inner.append(stored(c, payload));

    List<Verification.Problem> problems = keyless.verifySession(inner, "s1");

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).problem().contains("does not match its own digest"), problems.toString());
  }
}
