package dev.magnus.rollback.tck;

import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Prove a {@link SessionRollbackEngine} implementation right: checkpoint types and sequences, atomic
 * rollback under injected store failures, integrity refusal, retention (after each append and swept on
 * its own), isolated observers, a complete
 * and verifiable audit log, recovery through the strategy the configuration selects, resume after a
 * restart, parallel sessions, queries and deletion across sessions, forks, and delta checkpoints (skipped,
 * with the reason, for an engine that writes none).
 *
 * <pre>{@code
 * class MyEngineContractTest extends SessionRollbackEngineContract {
 *   @Override
 *   protected SessionRollbackEngine createEngine(EngineContext context) {
 *     return new MyEngineProvider().create(context);
 *   }
 *
 *   @Override
 *   protected CheckpointStore createStore() {
 *     return InMemoryStores.create();   // any store that passes the store contract
 *   }
 * }
 * }</pre>
 *
 * <p>The contract wraps the store to inject failures and tampering, drives time with a
 * {@link ManualClock}, and builds each engine's {@link EngineContext} itself: the context carries the
 * contract's own scripted recovery strategies (one restores the newest checkpoint, one the first, one
 * gives up, one throws), and the Recovery cases select them through the configuration's recovery
 * section. Subclasses are instantiated by JUnit once per test and need no state of their own.
 */
@ExtendWith(ContractSummaryExtension.class)
public abstract class SessionRollbackEngineContract {
  /** Create the contract; JUnit instantiates the subclass. */
  protected SessionRollbackEngineContract() {}

  /**
   * Create an engine from a context, as the engine's provider would.
   *
   * @param context configuration, store, clock, scheduler and observers chosen by the contract
   * @return a new engine
   */
  protected abstract SessionRollbackEngine createEngine(EngineContext context);

  /**
   * Create a fresh, empty store for the engine; a "restart" builds a second engine over the same one.
   *
   * @return the store
   */
  protected abstract CheckpointStore createStore();

  /** Initialization, types, sequences, updates, closing. */
  @Nested
  @DisplayName("EngineLifecycle")
  class EngineLifecycle extends EngineLifecycleCases {
    @Override
    SessionRollbackEngineContract contract() {
      return SessionRollbackEngineContract.this;
    }
  }

  /** Atomic rollback, also when the store fails at each step. */
  @Nested
  @DisplayName("AtomicRollback")
  class AtomicRollback extends EngineRollbackCases {
    @Override
    SessionRollbackEngineContract contract() {
      return SessionRollbackEngineContract.this;
    }
  }

  /** Hash and chain checks refuse damaged checkpoints. */
  @Nested
  @DisplayName("Integrity")
  class Integrity extends EngineIntegrityCases {
    @Override
    SessionRollbackEngineContract contract() {
      return SessionRollbackEngineContract.this;
    }
  }

  /** Retention, observers and the audit log. */
  @Nested
  @DisplayName("RetentionObserversAudit")
  class RetentionObserversAudit extends EngineBookkeepingCases {
    @Override
    SessionRollbackEngineContract contract() {
      return SessionRollbackEngineContract.this;
    }
  }

  /** Retention on its own: engine.cleanup() and the scheduled sweep. */
  @Nested
  @DisplayName("Cleanup")
  class Cleanup extends EngineCleanupCases {
    @Override
    SessionRollbackEngineContract contract() {
      return SessionRollbackEngineContract.this;
    }
  }

  /** Queries and administration across sessions: pages of sessions, checkpoints, figures, deletion. */
  @Nested
  @DisplayName("Admin")
  class Admin extends EngineAdminCases {
    @Override
    SessionRollbackEngineContract contract() {
      return SessionRollbackEngineContract.this;
    }
  }

  /** Forking a new session from a verified checkpoint of another. */
  @Nested
  @DisplayName("Fork")
  class Fork extends EngineForkCases {
    @Override
    SessionRollbackEngineContract contract() {
      return SessionRollbackEngineContract.this;
    }
  }

  /** Recovery through the strategy the configuration selects for the failure's type. */
  @Nested
  @DisplayName("Recovery")
  class Recovery extends EngineRecoveryCases {
    @Override
    SessionRollbackEngineContract contract() {
      return SessionRollbackEngineContract.this;
    }
  }

  /** Delta checkpoints: exact restores across chains, damaged bases, retention and crashes; skipped without deltas. */
  @Nested
  @DisplayName("Deltas")
  class Deltas extends EngineDeltaCases {
    @Override
    SessionRollbackEngineContract contract() {
      return SessionRollbackEngineContract.this;
    }
  }

  /** Resume after a restart, and parallel sessions. */
  @Nested
  @DisplayName("ResumeAndConcurrency")
  class ResumeAndConcurrency extends EngineResumeCases {
    @Override
    SessionRollbackEngineContract contract() {
      return SessionRollbackEngineContract.this;
    }
  }
}
