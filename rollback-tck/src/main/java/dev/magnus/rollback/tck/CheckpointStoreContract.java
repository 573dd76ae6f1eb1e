package dev.magnus.rollback.tck;

import dev.magnus.rollback.spi.CheckpointStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Prove a {@link CheckpointStore} right: extend this class in your tests and implement
 * {@link #createStore(Path)}. Every group below runs as a {@code @Nested} class; groups that need a
 * capability ({@code DURABLE}, {@code TOMBSTONES}, {@code SHARED}, {@code BOUNDED_MEMORY}) are
 * skipped, with the reason, when {@link CheckpointStore#capabilities()} does not declare it.
 *
 * <pre>{@code
 * class MyStoreContractTest extends CheckpointStoreContract {
 *   @Override
 *   protected CheckpointStore createStore(Path dir) {
 *     return MyStores.open(dir);
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh directory that the TCK owns and deletes; in-memory stores ignore it. The
 * TCK closes every store it opened. Cases wait with bounded timeouts and assert invariants, never
 * timings. Subclasses are instantiated by JUnit once per test and need no state of their own.
 */
@ExtendWith(ContractSummaryExtension.class)
public abstract class CheckpointStoreContract {
  /** Create the contract; JUnit instantiates the subclass. */
  protected CheckpointStoreContract() {}

  /**
   * Create a fresh, empty store.
   *
   * @param dir an empty directory for the store's files, deleted after the test; ignore it if the
   *     store keeps nothing on disk
   * @return a new open store
   */
  protected abstract CheckpointStore createStore(Path dir);

  /**
   * Open again the durable store that lives in {@code dir}, after the previous instance was closed
   * (or, for SHARED stores, while it is still open).
   *
   * @param dir the directory given to {@link #createStore(Path)}
   * @return the reopened store
   */
  protected CheckpointStore reopenStore(Path dir) {
    return createStore(dir);
  }

  /**
   * Create a fresh store bounded at {@code maxBytes} of payload, for the BOUNDED_MEMORY cases.
   *
   * @param dir an empty directory for the store's files
   * @param maxBytes the bound
   * @return the store, or empty if the store cannot be bounded (the cases are then skipped)
   */
  protected Optional<CheckpointStore> createBoundedStore(Path dir, long maxBytes) {
    return Optional.empty();
  }

  /**
   * Name a public {@link DurableStoreFactory} class with a public no-argument constructor, for the
   * crash test's child JVM; it must be on the test class path.
   *
   * @return the class name, or empty to skip the crash test
   */
  protected Optional<String> storeFactoryClass() {
    return Optional.empty();
  }

  /**
   * Name the data files of the closed durable store in {@code dir}, for the corruption cases.
   *
   * @param dir the store's directory (one given to {@link #createStore(Path)} or
   *     {@link #createMultiFileStore(Path)})
   * @return the files, or empty to skip the corruption cases
   */
  protected Optional<StoreFiles> storeFiles(Path dir) {
    return Optional.empty();
  }

  /**
   * Create a fresh, empty durable store configured to spread its records over several data files
   * (small segments, for instance), for the multi-file corruption cases. Each case appends about a
   * dozen records of 512 payload bytes and needs them in at least three data files, with records
   * after the one it damages: roll to a new file every 2 KiB or sooner. After damage the TCK opens
   * copies of the closed store's directory with {@link #reopenStore(Path)}.
   *
   * @param dir an empty directory for the store's files, deleted after the test
   * @return the store, or empty to skip the multi-file corruption cases
   */
  protected Optional<CheckpointStore> createMultiFileStore(Path dir) {
    return Optional.empty();
  }

  /** Exact round-trip of payload bytes and every descriptor field. */
  @Nested
  @DisplayName("RoundTrip")
  class RoundTrip extends RoundTripCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Each descriptor field on its own, across its whole range, through every query path. */
  @Nested
  @DisplayName("Descriptors")
  class Descriptors extends DescriptorCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Sequences across the long range, the longest session ids, labels of any content. */
  @Nested
  @DisplayName("FieldRanges")
  class FieldRanges extends FieldRangeCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** List order, filters, limit, newest-first and latest. */
  @Nested
  @DisplayName("Queries")
  class Queries extends QueryCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Every combination of order, range, type filter and limit against a model. */
  @Nested
  @DisplayName("QueryMatrix")
  class QueryMatrix extends QueryMatrixCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Unknown sessions and ids, invalid session ids. */
  @Nested
  @DisplayName("UnknownInputs")
  class UnknownInputs extends UnknownInputCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Every method that takes a session id rejects an invalid one and changes nothing. */
  @Nested
  @DisplayName("SessionIdValidation")
  class SessionIdValidation extends SessionIdValidationCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Conflicts on (session, sequence) and on id, including races. */
  @Nested
  @DisplayName("Conflicts")
  class Conflicts extends ConflictCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** delete and deleteSession. */
  @Nested
  @DisplayName("Deletion")
  class Deletion extends DeletionCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** A deleted id or sequence may be appended again and is served as the new record. */
  @Nested
  @DisplayName("Reappend")
  class Reappend extends ReappendCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Listeners of the store's own events never break it, and a store that reports events reports every append. */
  @Nested
  @DisplayName("Listeners")
  class Listeners extends ListenerCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** The sessions listing and isolation between sessions. */
  @Nested
  @DisplayName("Sessions")
  class Sessions extends SessionCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Defensive copies in both directions. */
  @Nested
  @DisplayName("DefensiveCopies")
  class DefensiveCopies extends DefensiveCopyCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Hostile session ids. */
  @Nested
  @DisplayName("HostileIds")
  class HostileIds extends HostileIdCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Many sessions, long sessions. */
  @Nested
  @DisplayName("Scale")
  class Scale extends ScaleCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** A store that does not declare BOUNDED_MEMORY keeps everything it acknowledged. */
  @Nested
  @DisplayName("Unbounded")
  class Unbounded extends UnboundedCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Concurrent writers and readers. */
  @Nested
  @DisplayName("Concurrency")
  class Concurrency extends ConcurrencyCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Interrupted callers never break the store for themselves or others. */
  @Nested
  @DisplayName("Interrupts")
  class Interrupts extends InterruptCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Behaviour after close. */
  @Nested
  @DisplayName("AfterClose")
  class AfterClose extends AfterCloseCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Stats figures. */
  @Nested
  @DisplayName("Stats")
  class Stats extends StatsCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Reopen, for DURABLE stores. */
  @Nested
  @DisplayName("Durability")
  class Durability extends DurabilityCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Tombstones, for TOMBSTONES stores. */
  @Nested
  @DisplayName("Tombstones")
  class Tombstones extends TombstoneCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** Two instances on one directory, for SHARED stores. */
  @Nested
  @DisplayName("Shared")
  class Shared extends SharedCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** The memory bound, for BOUNDED_MEMORY stores. */
  @Nested
  @DisplayName("BoundedMemory")
  class BoundedMemory extends BoundedMemoryCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /** kill -9 of a writing child JVM, for DURABLE stores that name a factory. */
  @Nested
  @DisplayName("CrashRecovery")
  class CrashRecovery extends CrashRecoveryCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }

  /**
   * Torn tails, flipped bits, damaged and missing files, embedded frames and lost deletions, for
   * DURABLE stores that name their files.
   */
  @Nested
  @DisplayName("Corruption")
  class Corruption extends CorruptionCases {
    @Override
    CheckpointStoreContract contract() {
      return CheckpointStoreContract.this;
    }
  }
}
