package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hold the fixture every store contract group shares: a per-test directory owned by the TCK, the store
 * under test, and helpers that keep the test bodies to given / when / then.
 *
 * <p>Each group is a package-private abstract subclass; {@link CheckpointStoreContract} wires each one
 * in as a {@code @Nested} inner class that answers {@link #contract()} with its enclosing instance.
 * Every store a test opens is closed after it, whatever the outcome.
 */
abstract class StoreCases {
  /** The session most cases use. */
  static final String SESSION = "session-a";
  /** A second session, for isolation. */
  static final String OTHER = "session-b";
  /** The longest bounded wait of any case. */
  static final long WAIT_SECONDS = 60;

  /** Two levels above {@link #dir}, so cases can check that nothing escapes the store's directory. */
  Path root;
  /** The store's directory, fresh per test. */
  Path dir;
  /** The store under test. */
  CheckpointStore store;
  private final List<CheckpointStore> opened = new ArrayList<>();

  /**
   * Return the contract instance whose factories create the stores.
   *
   * @return the enclosing contract
   */
  abstract CheckpointStoreContract contract();

  @BeforeEach
  final void openStore(@TempDir Path tempRoot) throws IOException {
    root = tempRoot;
    dir = Files.createDirectories(tempRoot.resolve("tck").resolve("store"));
    store = track(contract().createStore(dir));
  }

  @AfterEach
  final void closeStores() {
    for (CheckpointStore s : opened) {
      try {
        s.close();
      } catch (RuntimeException ignored) {
        // a broken close must not hide the test's own failure
      }
    }
  }

  /** Close the store and open the same directory again. */
  final CheckpointStore reopen() {
    store.close();
    store = track(contract().reopenStore(dir));
    return store;
  }

  final CheckpointStore track(CheckpointStore s) {
    opened.add(java.util.Objects.requireNonNull(s, "the contract's factory returned null"));
    return s;
  }

  final void assumeCapability(StoreCapability capability) {
    assumeTrue(store.capabilities().contains(capability),
        () -> "the store does not declare " + capability + ", so the " + capability + " cases do not apply");
  }

  /** Append records built by {@link TckCheckpoints#record(String, long, int)} for sequences 1..count. */
  final List<CheckpointRecord> appendSequences(String sessionId, int count, int payloadSize) {
    List<CheckpointRecord> records = new ArrayList<>();
    for (int seq = 1; seq <= count; seq++) {
      CheckpointRecord r = TckCheckpoints.record(sessionId, seq, payloadSize);
      store.append(r);
      records.add(r);
    }
    return records;
  }

  final List<Checkpoint> listAll(String sessionId) {
    return store.list(sessionId, CheckpointQuery.all());
  }

  static List<Long> sequences(List<Checkpoint> checkpoints) {
    return checkpoints.stream().map(Checkpoint::sequence).toList();
  }

  static List<CheckpointId> ids(List<Checkpoint> checkpoints) {
    return checkpoints.stream().map(Checkpoint::id).toList();
  }

  static List<Checkpoint> descriptors(List<CheckpointRecord> records) {
    return records.stream().map(CheckpointRecord::checkpoint).toList();
  }

  /** Assert the store returns exactly this record: descriptor equal, payload byte-identical. */
  final void assertStored(CheckpointRecord expected) {
    Checkpoint c = expected.checkpoint();
    CheckpointRecord actual = store.read(c.sessionId(), c.id())
        .orElseThrow(() -> new AssertionError("checkpoint " + c.id() + " of session '" + c.sessionId() + "' is missing"));
    DescriptorAssertions.assertSameDescriptor(c, actual.checkpoint(), "read");
    assertArrayEquals(expected.payload(), actual.payload(), "payload of " + c.id());
  }

  /** Assert every query path returns each record's descriptor unchanged, and read its exact payload. */
  final void assertEveryPathReturnsEach(List<CheckpointRecord> records) {
    for (CheckpointRecord r : records) {
      DescriptorAssertions.assertEveryPathReturns(store, r.checkpoint());
      assertStored(r);
    }
  }

  static <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
