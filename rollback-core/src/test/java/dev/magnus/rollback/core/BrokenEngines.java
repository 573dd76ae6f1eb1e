package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.magnus.rollback.AuditEntry;
import dev.magnus.rollback.AuditLog;
import dev.magnus.rollback.AuditVerification;
import dev.magnus.rollback.AutoCheckpointResult;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.CheckpointStatus;
import dev.magnus.rollback.CleanupResult;
import dev.magnus.rollback.EngineStats;
import dev.magnus.rollback.HistoryQuery;
import dev.magnus.rollback.SessionPage;
import dev.magnus.rollback.Failure;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.ProviderNotFoundException;
import dev.magnus.rollback.RecoveryAttempt;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RecoveryResult;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionObserver;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.SessionRollbackEngineContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import dev.magnus.rollback.core.internal.DefaultEngineProvider;

/**
 * Engines broken in typical ways, each the default engine with one behaviour spoiled, as contract
 * subclasses for {@link EngineContractTeethTest}. Not named like a test, so Surefire leaves them alone.
 */
final class BrokenEngines {
  private BrokenEngines() {}

  abstract static class BrokenContract extends SessionRollbackEngineContract {
    @Override
    protected CheckpointStore createStore() {
      return InMemoryStores.create();
    }
  }

  /** Marks the state before delegating a rollback, so a failed rollback leaves it changed. */
  static final class ChangesStateEarly extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        Session wrap(Session s) {
          return new ForwardingSession(s) {
            @Override
            public RollbackResult rollbackToCheckpoint(CheckpointId id) {
              update(st -> st.with("rollingBack", true));
              return super.rollbackToCheckpoint(id);
            }
          };
        }
      };
    }
  }

  /** Verification switched off: a damaged payload that still decodes is applied. */
  static final class SkipsVerification extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext c) {
      RollbackConfig unchecked = RollbackConfig.from(c.config()).integrity(new IntegrityConfig(false, Optional.empty())).build();
      return new DefaultEngineProvider().create(new EngineContext(unchecked, c.store(), c.strategies(), c.validator(),
          c.observers(), c.auditSinks(), c.clock(), c.scheduler()));
    }
  }

  /** Returns an empty audit log. */
  static final class ForgetsAudit extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        public AuditLog getAuditLog() {
          return new AuditLog() {
            @Override
            public List<AuditEntry> entries() {
              return List.of();
            }

            @Override
            public List<AuditEntry> entries(String sessionId) {
              return List.of();
            }

            @Override
            public AuditVerification verify() {
              return new AuditVerification(true, 0, Optional.empty(), "");
            }

            @Override
            public AuditVerification verify(List<AuditEntry> entries) {
              return verify();
            }
          };
        }
      };
    }
  }

  /** Never finds a stored session. */
  static final class CannotResume extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        public Session resume(String sessionId) {
          throw new SessionNotFoundException("forgot '" + sessionId + "'");
        }
      };
    }
  }

  /** Answers every recovery with a failure of its own, never running the configured strategy. */
  static final class SkipsTheStrategy extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        Session wrap(Session s) {
          return new ForwardingSession(s) {
            @Override
            public RecoveryResult recover(Failure failure) {
              return RecoveryResult.failed(id(), "none", failure.type()).message("recovery skipped").build();
            }
          };
        }
      };
    }
  }

  /** Drops the per-failure-type strategy map, so every failure gets the default strategy. */
  static final class IgnoresTheFailureType extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext c) {
      RecoveryConfig defaultOnly = RecoveryConfig.custom().strategy(c.config().recovery().strategy()).build();
      RollbackConfig config = RollbackConfig.from(c.config()).recovery(defaultOnly).build();
      return new DefaultEngineProvider().create(new EngineContext(config, c.store(), c.strategies(), c.validator(),
          c.observers(), c.auditSinks(), c.clock(), c.scheduler()));
    }
  }

  /** Lets a strategy's exception escape recover() instead of reporting a failed result. */
  static final class LetsStrategyExceptionsThrough extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        Session wrap(Session s) {
          return new ForwardingSession(s) {
            @Override
            public RecoveryResult recover(Failure failure) {
              RecoveryResult result = super.recover(failure);
              if (result.message().startsWith("strategy threw")) {
                throw new IllegalStateException(result.message());
              }
              return result;
            }
          };
        }
      };
    }
  }

  /** Answers a strategy name that names no strategy with a failed result instead of failing fast. */
  static final class SwallowsAMissingStrategy extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        Session wrap(Session s) {
          return new ForwardingSession(s) {
            @Override
            public RecoveryResult recover(Failure failure) {
              try {
                return super.recover(failure);
              } catch (ProviderNotFoundException e) {
                return RecoveryResult.failed(id(), "missing", failure.type()).message(e.getMessage()).build();
              }
            }
          };
        }
      };
    }
  }

  /** Tells observers only of the attempts after the first, as when the engine relied on strategies to report. */
  static final class HidesFirstAttempts extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext c) {
      List<SessionObserver> observers = c.observers().stream().map(o -> (SessionObserver) new SessionObserver() {
        @Override
        public void recoveryAttempted(RecoveryAttempt attempt) {
          if (attempt.attempt() > 1) {
            o.recoveryAttempted(attempt);
          }
        }

        @Override
        public void recoveryCompleted(RecoveryResult result) {
          o.recoveryCompleted(result);
        }
      }).toList();
      return new DefaultEngineProvider().create(new EngineContext(c.config(), c.store(), c.strategies(), c.validator(),
          observers, c.auditSinks(), c.clock(), c.scheduler()));
    }
  }

  /** Answers cleanup() without sweeping anything. */
  static final class CleanupDoesNothing extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        public CleanupResult cleanup() {
          return new CleanupResult(0, 0, 0, 0, Map.of());
        }
      };
    }
  }

  /** Never schedules the retention sweep, whatever checkpoint.retentionSweepMs says. */
  static final class NeverSchedulesTheSweep extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext c) {
      RollbackConfig unswept = RollbackConfig.from(c.config()).checkpoint(CheckpointConfig.from(c.config().checkpoint())
          .retentionSweep(java.time.Duration.ZERO).build()).build();
      return new DefaultEngineProvider().create(new EngineContext(unswept, c.store(), c.strategies(), c.validator(),
          c.observers(), c.auditSinks(), c.clock(), c.scheduler()));
    }
  }

  /** Forks from the source's current state, unverified and unlabelled, instead of from the checkpoint. */
  static final class ForksFromTheCurrentState extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        public Session fork(String sourceSessionId, CheckpointId checkpointId, String newSessionId) {
          SessionState state = session(sourceSessionId).orElseGet(() -> resume(sourceSessionId)).getCurrentState();
          return initialize(newSessionId, state.metadata(), state.attributes());
        }
      };
    }
  }

  /** Deletes a session open in the engine without being forced. */
  static final class DeletesOpenSessionsWithoutForce extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        public int deleteSession(String sessionId, boolean force) {
          return super.deleteSession(sessionId, true);
        }
      };
    }
  }

  /** Returns every session on the first page. */
  static final class IgnoresThePageLimit extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        public SessionPage sessions(String after, int limit) {
          return super.sessions(after, Integer.MAX_VALUE);
        }
      };
    }
  }

  /** Never verifies a queried checkpoint, and calls it intact. */
  static final class NeverVerifiesQueries extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        public List<CheckpointStatus> checkpoints(String sessionId, HistoryQuery q) {
          return super.checkpoints(sessionId, new HistoryQuery(q.types(), q.fromSequence(), q.toSequence(), q.limit(),
              q.ascending(), false)).stream().map(s -> new CheckpointStatus(s.checkpoint(),
              CheckpointStatus.Integrity.INTACT, Optional.<String>empty())).toList();
        }
      };
    }
  }

  /** Leaves recoveries out of the audit log. */
  static final class ForgetsRecoveryAudit extends BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        public AuditLog getAuditLog() {
          AuditLog all = super.getAuditLog();
          return new AuditLog() {
            @Override
            public List<AuditEntry> entries() {
              return all.entries().stream().filter(e -> !e.action().name().startsWith("RECOVERY_")).toList();
            }

            @Override
            public List<AuditEntry> entries(String sessionId) {
              return all.entries(sessionId).stream().filter(e -> !e.action().name().startsWith("RECOVERY_")).toList();
            }

            @Override
            public AuditVerification verify() {
              return all.verify();
            }

            @Override
            public AuditVerification verify(List<AuditEntry> entries) {
              return all.verify(entries);
            }
          };
        }
      };
    }
  }

  /** Delegate every engine call; subclasses break one. */
  static class Forwarding implements SessionRollbackEngine {
    private final SessionRollbackEngine delegate;

    Forwarding(SessionRollbackEngine delegate) {
      this.delegate = delegate;
    }

    Session wrap(Session s) {
      return s;
    }

    @Override
    public Session initialize(String sessionId, SessionMetadata metadata, Map<String, ?> attributes) {
      return wrap(delegate.initialize(sessionId, metadata, attributes));
    }

    @Override
    public Session resume(String sessionId) {
      return wrap(delegate.resume(sessionId));
    }

    @Override
    public Optional<Session> session(String sessionId) {
      return delegate.session(sessionId).map(this::wrap);
    }

    @Override
    public Set<String> openSessions() {
      return delegate.openSessions();
    }

    @Override
    public AuditLog getAuditLog() {
      return delegate.getAuditLog();
    }

    @Override
    public void addObserver(SessionObserver observer) {
      delegate.addObserver(observer);
    }

    @Override
    public boolean removeObserver(SessionObserver observer) {
      return delegate.removeObserver(observer);
    }

    @Override
    public RollbackConfig config() {
      return delegate.config();
    }

    @Override
    public SessionPage sessions(String after, int limit) {
      return delegate.sessions(after, limit);
    }

    @Override
    public List<CheckpointStatus> checkpoints(String sessionId, HistoryQuery query) {
      return delegate.checkpoints(sessionId, query);
    }

    @Override
    public EngineStats stats() {
      return delegate.stats();
    }

    @Override
    public int deleteSession(String sessionId, boolean force) {
      return delegate.deleteSession(sessionId, force);
    }

    @Override
    public Session fork(String sourceSessionId, CheckpointId checkpointId, String newSessionId) {
      return wrap(delegate.fork(sourceSessionId, checkpointId, newSessionId));
    }

    @Override
    public CleanupResult cleanup() {
      return delegate.cleanup();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** Delegate every session call; subclasses break one. */
  static class ForwardingSession implements Session {
    private final Session delegate;

    ForwardingSession(Session delegate) {
      this.delegate = delegate;
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public SessionState getCurrentState() {
      return delegate.getCurrentState();
    }

    @Override
    public SessionState update(UnaryOperator<SessionState> change) {
      return delegate.update(change);
    }

    @Override
    public Checkpoint createCheckpoint(CheckpointType type, String description) {
      return delegate.createCheckpoint(type, description);
    }

    @Override
    public Checkpoint createCheckpoint(CheckpointType type, String description, Map<String, String> labels) {
      return delegate.createCheckpoint(type, description, labels);
    }

    @Override
    public CompletionStage<Checkpoint> createCheckpointAsync(CheckpointType type, String description) {
      return delegate.createCheckpointAsync(type, description);
    }

    @Override
    public AutoCheckpointResult autoCheckpoint(CheckpointType type, String description) {
      return delegate.autoCheckpoint(type, description);
    }

    @Override
    public List<Checkpoint> checkpoints() {
      return delegate.checkpoints();
    }

    @Override
    public RollbackResult rollbackToCheckpoint(CheckpointId checkpointId) {
      return delegate.rollbackToCheckpoint(checkpointId);
    }

    @Override
    public RecoveryResult recover(Failure failure) {
      return delegate.recover(failure);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
