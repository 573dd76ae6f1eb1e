package dev.magnus.rollback.core;

import static dev.magnus.rollback.core.Fixtures.T0;
import static dev.magnus.rollback.core.Fixtures.metadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.CompressionConfig;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IntegrityAndCompressionTest {
  private final ManualClock clock = new ManualClock(T0);

  private SessionRollbackEngine engine(CheckpointStore store, RollbackConfig config, Map<String, String> env) {
    return SessionRollback.builder().store(store).clock(clock).config(config).environment(env).build();
  }

  @Test
  void statesAboveTheThresholdAreStoredDeflatedAndRestoreExactly() {
    CheckpointStore store = InMemoryStores.create();
    RollbackConfig config = RollbackConfig.custom().compression(CompressionConfig.above(1024)).build();
    Session session = engine(store, config, Map.of()).initialize("s1", metadata(), Map.of("text", "abc ".repeat(2000)));
    Checkpoint big = session.checkpoints().get(0);
    session.update(s -> s.with("text", "short"));

    session.rollbackToCheckpoint(big.id());

    assertEquals(Compression.DEFLATE, big.compression());
    assertTrue(big.storedSize() < big.rawSize() / 10, big.storedSize() + " vs " + big.rawSize());
    assertEquals("abc ".repeat(2000), session.getCurrentState().attributes().get("text"));
  }

  @Test
  void smallStatesStayUncompressed() {
    Session session = engine(InMemoryStores.create(), RollbackConfig.ofDefaults(), Map.of()).initialize("s1", metadata());

    Checkpoint c = session.checkpoints().get(0);

    assertEquals(Compression.NONE, c.compression());
    assertEquals(c.rawSize(), c.storedSize());
  }

  @Test
  void aDeflatedPayloadThatInflatesBeyondItsRawSizeIsAnIntegrityViolation() {
    byte[] bomb = new PayloadCompression(CompressionConfig.above(0)).pack(new byte[1 << 20]).bytes();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PayloadCompression.unpack(bomb, Compression.DEFLATE, 100));

    assertTrue(e.getMessage().contains("100 bytes"), e.getMessage());
  }

  @Test
  void hmacKeyedHashesDifferFromPlainHashesAndAWrongKeyIsAnIntegrityViolation() {
    CheckpointStore store = InMemoryStores.create();
    RollbackConfig keyed = RollbackConfig.custom().integrity(IntegrityConfig.hmacFrom("ROLLBACK_KEY")).build();
    Session session = engine(store, keyed, Map.of("ROLLBACK_KEY", "secret-one")).initialize("s1", metadata());
    Checkpoint c = session.checkpoints().get(0);
    String plain = Hasher.sha256().hex(new StateCodec(1 << 20).encode(session.getCurrentState()));

    SessionRollbackEngine otherKey = engine(store, keyed, Map.of("ROLLBACK_KEY", "secret-two"));

    assertNotEquals(plain, c.stateHash());
    assertThrows(IntegrityViolationException.class, () -> otherKey.resume("s1"));
    assertEquals(session.getCurrentState(),
        engine(store, keyed, Map.of("ROLLBACK_KEY", "secret-one")).resume("s1").getCurrentState());
  }

  @Test
  void deltaCheckpointsUnderAnHmacKeyVerifyWithItAndFailWithAnother() {
    CheckpointStore store = InMemoryStores.create();
    RollbackConfig keyed = RollbackConfig.custom().integrity(IntegrityConfig.hmacFrom("ROLLBACK_KEY"))
        .checkpoint(dev.magnus.rollback.CheckpointConfig.custom().delta(dev.magnus.rollback.DeltaConfig.on()).build())
        .build();
    Session session = engine(store, keyed, Map.of("ROLLBACK_KEY", "secret-one"))
        .initialize("s1", metadata(), Map.of("notes", "x".repeat(500), "n", 0L));
    session.update(s -> s.with("n", 1L));
    Checkpoint delta = session.createCheckpoint(dev.magnus.rollback.CheckpointType.USER_REQUESTED, "delta");
    RollbackConfig unkeyed = RollbackConfig.custom()
        .checkpoint(dev.magnus.rollback.CheckpointConfig.custom().delta(dev.magnus.rollback.DeltaConfig.on()).build())
        .build();

    assertTrue(delta.deltaBase().isPresent(), delta.toString());
    assertThrows(IntegrityViolationException.class,
        () -> engine(store, keyed, Map.of("ROLLBACK_KEY", "secret-two")).resume("s1"));
    assertThrows(IntegrityViolationException.class, () -> engine(store, unkeyed, Map.of()).resume("s1"));
    assertEquals(session.getCurrentState(),
        engine(store, keyed, Map.of("ROLLBACK_KEY", "secret-one")).resume("s1").getCurrentState());
  }

  @Test
  void aMissingHmacKeyVariableFailsFastAndNamesIt() {
    RollbackConfig keyed = RollbackConfig.custom().integrity(IntegrityConfig.hmacFrom("ROLLBACK_KEY")).build();

    ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
        () -> engine(InMemoryStores.create(), keyed, Map.of()));

    assertTrue(e.getMessage().contains("ROLLBACK_KEY") && e.getMessage().contains("integrity.hmacKeyEnv"), e.getMessage());
  }

  @Test
  void theSecretNeverReachesTheAuditLog() {
    RollbackConfig keyed = RollbackConfig.custom().integrity(IntegrityConfig.hmacFrom("ROLLBACK_KEY")).build();
    SessionRollbackEngine engine = engine(InMemoryStores.create(), keyed, Map.of("ROLLBACK_KEY", "top-secret-value"));
    Session session = engine.initialize("s1", metadata());
    session.rollbackToCheckpoint(session.checkpoints().get(0).id());

    assertTrue(engine.getAuditLog().entries().stream().noneMatch(e -> e.toString().contains("top-secret-value")));
  }

  @Test
  void aTruncatedPayloadIsAnIntegrityViolation() {
    InjectingStore store = InjectingStore.wrap(InMemoryStores.create());
    Session session = engine(store, RollbackConfig.ofDefaults(), Map.of()).initialize("s1", metadata(), Map.of("k", "v"));
    Checkpoint start = session.checkpoints().get(0);
    store.onRead(r -> {
      byte[] cut = java.util.Arrays.copyOf(r.payload(), r.payloadLength() - 3);
      Checkpoint c = r.checkpoint();
      return new CheckpointRecord(new Checkpoint(c.id(), c.sessionId(), c.sequence(), c.parentId(), c.type(), c.description(),
          c.createdAt(), c.labels(), c.stateHash(), c.chainHash(), c.rawSize(), cut.length, c.compression()), cut);
    });

    assertThrows(IntegrityViolationException.class, () -> session.rollbackToCheckpoint(start.id()));
  }

  @Test
  void checkpointIdsAreUniqueAndOrderedEvenWithAStoppedClock() {
    CheckpointIdGenerator ids = new CheckpointIdGenerator(Clock.fixed(Instant.parse("2026-05-05T10:00:00Z"), ZoneOffset.UTC));
    Set<CheckpointId> seen = new HashSet<>();
    CheckpointId previous = ids.next();

    for (int i = 0; i < 100_000; i++) {
      CheckpointId next = ids.next();
      assertTrue(previous.compareTo(next) < 0, previous + " then " + next);
      assertTrue(seen.add(next));
      previous = next;
    }
    assertEquals(26, previous.value().length());
  }

  @Test
  void checkpointIdsMadeConcurrentlyWithAStoppedClockAreUniqueAndOrderedWithinEachThread() throws Exception {
    // given
    CheckpointIdGenerator ids = new CheckpointIdGenerator(Clock.fixed(Instant.parse("2026-05-05T10:00:00Z"), ZoneOffset.UTC));
    int threads = 8;
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    List<java.util.concurrent.Future<List<CheckpointId>>> made = new java.util.ArrayList<>();

    // when
    for (int t = 0; t < threads; t++) {
      made.add(pool.submit(() -> {
        start.await();
        List<CheckpointId> mine = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
          mine.add(ids.next());
        }
        return mine;
      }));
    }
    start.countDown();
    Set<CheckpointId> all = new HashSet<>();
    for (java.util.concurrent.Future<List<CheckpointId>> f : made) {
      List<CheckpointId> mine = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      for (int i = 1; i < mine.size(); i++) {
        assertTrue(mine.get(i - 1).compareTo(mine.get(i)) < 0, "each thread's ids grow");
      }
      all.addAll(mine);
    }
    pool.shutdown();

    // then
    assertEquals(threads * 20_000, all.size(), "no id made twice");
  }

  @Test
  void checkpointIdsSortByTimeAcrossMilliseconds() {
    ManualClock moving = new ManualClock(Instant.parse("2026-05-05T10:00:00Z"));
    CheckpointIdGenerator ids = new CheckpointIdGenerator(moving);
    CheckpointId first = ids.next();
    moving.advance(java.time.Duration.ofMillis(1));

    CheckpointId second = ids.next();

    assertTrue(first.compareTo(second) < 0);
    assertEquals(first.value().substring(0, 9), second.value().substring(0, 9), "same time prefix, high digits");
  }

  @Test
  void restoreOfACheckpointNeverRestoredBeforeVerifiesItsChainFromTheParent() {
    InjectingStore store = InjectingStore.wrap(InMemoryStores.create());
    Session session = engine(store, RollbackConfig.ofDefaults(), Map.of()).initialize("s1", metadata());
    Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "c");
    store.onRead(r -> {
      Checkpoint d = r.checkpoint();
      return new CheckpointRecord(new Checkpoint(d.id(), d.sessionId(), d.sequence(), d.parentId(), d.type(), d.description(),
          d.createdAt(), Map.of("forged", "label"), d.stateHash(), d.chainHash(), d.rawSize(), d.storedSize(),
          d.compression()), r.payload());
    });

    assertThrows(IntegrityViolationException.class, () -> session.rollbackToCheckpoint(c.id()));
  }
}
