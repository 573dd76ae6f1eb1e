package dev.magnus.rollback.core;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.IntegrityViolationException;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.core.internal.DefaultEngineProvider;
import dev.magnus.rollback.spi.CheckpointQuery;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.spi.StoreCapability;
import dev.magnus.rollback.spi.StoreStats;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Engines whose delta checkpoints are broken in typical ways, each the default engine with one
 * behaviour spoiled (its delta configuration, its session, or the store it is given), as contract
 * subclasses for {@link EngineContractTeethTest}; and one engine without deltas, whose delta cases
 * must be skipped. Not named like a test, so Surefire leaves them alone.
 */
final class BrokenDeltaEngines {
  private BrokenDeltaEngines() {}

  private static SessionRollbackEngine create(EngineContext c, RollbackConfig config, CheckpointStore store) {
    return new DefaultEngineProvider().create(new EngineContext(config, store, c.strategies(), c.validator(),
        c.observers(), c.auditSinks(), c.clock(), c.scheduler()));
  }

  /** Return the context's configuration with its delta settings changed by {@code change}. */
  private static RollbackConfig deltas(EngineContext c, UnaryOperator<DeltaConfig> change) {
    CheckpointConfig checkpoint = c.config().checkpoint();
    return RollbackConfig.from(c.config()).checkpoint(CheckpointConfig.from(checkpoint)
        .delta(change.apply(checkpoint.delta())).build()).build();
  }

  /** Not broken: ignores checkpoint.delta and stores every checkpoint whole, with no delta labels. */
  static final class WithoutDeltas extends BrokenEngines.BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext c) {
      return create(c, deltas(c, d -> d.withEnabled(false)), c.store());
    }
  }

  /** Lets delta chains grow to a thousand, whatever checkpoint.delta.maxChain says. */
  static final class IgnoresMaxChain extends BrokenEngines.BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext c) {
      return create(c, deltas(c, d -> new DeltaConfig(d.enabled(), 1000, d.maxRatio())), c.store());
    }
  }

  /** Labels its checkpoints but never finds a delta small enough: every checkpoint is stored whole. */
  static final class NeverStoresADelta extends BrokenEngines.BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext c) {
      return create(c, deltas(c, d -> new DeltaConfig(d.enabled(), d.maxChain(), Double.MIN_VALUE)), c.store());
    }
  }

  /** Reports a damaged base as damage of the checkpoint being restored. */
  static final class BlamesTheTarget extends BrokenEngines.BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext context) {
      return new BrokenEngines.Forwarding(new DefaultEngineProvider().create(context)) {
        @Override
        Session wrap(Session s) {
          return new BrokenEngines.ForwardingSession(s) {
            @Override
            public RollbackResult rollbackToCheckpoint(CheckpointId id) {
              try {
                return super.rollbackToCheckpoint(id);
              } catch (IntegrityViolationException e) {
                throw new IntegrityViolationException("checkpoint " + id + " is damaged", id(), id);
              }
            }
          };
        }
      };
    }
  }

  /** Retention that deletes a delta's base once the delta is stored, though the delta needs it. */
  static final class DropsDeltaBases extends BrokenEngines.BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext c) {
      return create(c, c.config(), new ForwardingStore(c.store()) {
        @Override
        public void append(CheckpointRecord record) {
          super.append(record);
          Checkpoint appended = record.checkpoint();
          Checkpoint first = list(appended.sessionId(), CheckpointQuery.all()).get(0); // SESSION_START is pinned
          appended.deltaBase().filter(base -> !base.equals(first.id()))
              .ifPresent(base -> delete(appended.sessionId(), List.of(base)));
        }
      });
    }
  }

  /** Deletes retention's checkpoints before appending the one that makes deleting them safe. */
  static final class DeletesBeforeAppending extends BrokenEngines.BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext c) {
      return create(c, c.config(), new ForwardingStore(c.store()) {
        @Override
        public int appendThenDelete(CheckpointRecord record, Collection<CheckpointId> deletes) {
          int deleted = delete(record.checkpoint().sessionId(), deletes);
          append(record);
          return deleted;
        }
      });
    }
  }

  /** Takes a failed deletion for done, so what it failed to delete is never deleted again. */
  static final class SwallowsDeleteFailures extends BrokenEngines.BrokenContract {
    @Override
    protected SessionRollbackEngine createEngine(EngineContext c) {
      return create(c, c.config(), new ForwardingStore(c.store()) {
        @Override
        public int delete(String sessionId, Collection<CheckpointId> ids) {
          try {
            return super.delete(sessionId, ids);
          } catch (StoreException e) {
            return ids.size();
          }
        }
      });
    }
  }

  /** Delegate every store call; {@code appendThenDelete} is the interface's, through this store. */
  private static class ForwardingStore implements CheckpointStore {
    private final CheckpointStore delegate;

    ForwardingStore(CheckpointStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public void append(CheckpointRecord record) {
      delegate.append(record);
    }

    @Override
    public Optional<CheckpointRecord> read(String sessionId, CheckpointId id) {
      return delegate.read(sessionId, id);
    }

    @Override
    public List<Checkpoint> list(String sessionId, CheckpointQuery query) {
      return delegate.list(sessionId, query);
    }

    @Override
    public Optional<Checkpoint> latest(String sessionId) {
      return delegate.latest(sessionId);
    }

    @Override
    public int delete(String sessionId, Collection<CheckpointId> ids) {
      return delegate.delete(sessionId, ids);
    }

    @Override
    public int deleteSession(String sessionId) {
      return delegate.deleteSession(sessionId);
    }

    @Override
    public Set<String> sessions() {
      return delegate.sessions();
    }

    @Override
    public StoreStats stats() {
      return delegate.stats();
    }

    @Override
    public Set<StoreCapability> capabilities() {
      return delegate.capabilities();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
