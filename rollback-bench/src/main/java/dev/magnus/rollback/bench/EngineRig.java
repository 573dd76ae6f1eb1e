package dev.magnus.rollback.bench;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.CompressionConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EnginePlugin;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An engine with N sessions of one state size, ready to checkpoint and roll back: what the engine
 * benchmarks drive. Sessions are initialized with the sized state, so their SESSION_START
 * checkpoint (pinned by the default retention) is a rollback target that retention never deletes.
 *
 * <p>The engine runs with the default configuration (10 checkpoints per session, deflate above
 * 16 KiB, SHA-256) unless {@link #custom} passes another; the store is given to the builder. Thread
 * safety: the engine's; session {@code i} is meant to be driven by one thread.
 */
public final class EngineRig implements AutoCloseable {
  private final SessionRollbackEngine engine;
  private final CheckpointStore store;
  private final List<Session> sessions = new ArrayList<>();
  private final List<CheckpointId> starts = new ArrayList<>();
  private final BenchStates.Size size;

  private EngineRig(CheckpointStore store, RollbackConfig config, BenchStates.Size size, int sessionCount) {
    this(store, config, size, sessionCount, List.of());
  }

  private EngineRig(CheckpointStore store, RollbackConfig config, BenchStates.Size size, int sessionCount,
      List<EnginePlugin> plugins) {
    this(store, config, size, sessionCount, builder -> plugins.forEach(builder::plugin));
  }

  private EngineRig(CheckpointStore store, RollbackConfig config, BenchStates.Size size, int sessionCount,
      java.util.function.Consumer<SessionRollback.Builder> extra) {
    this.store = store;
    this.size = size;
    SessionRollback.Builder builder = SessionRollback.builder().config(config).store(store);
    extra.accept(builder);
    this.engine = builder.build();
    try {
      for (int i = 0; i < sessionCount; i++) {
        add();
      }
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /**
   * Open a rig on the memory store with the default configuration and a plugin, for example metrics.
   *
   * @param plugin the plugin given to the engine builder
   * @param size the state size
   * @param sessions how many sessions to initialize now
   * @return the rig
   */
  public static EngineRig memoryWith(EnginePlugin plugin, BenchStates.Size size, int sessions) {
    return new EngineRig(InMemoryStores.create(), RollbackConfig.ofDefaults(), size, sessions, List.of(plugin));
  }

  /**
   * Open a rig with a configuration of one's choice.
   *
   * @param store the store; the rig's engine closes it
   * @param config the engine's configuration
   * @param size the state size
   * @param sessions how many sessions to initialize now (more with {@link #add})
   * @return the rig
   */
  public static EngineRig configured(CheckpointStore store, RollbackConfig config, BenchStates.Size size,
      int sessions) {
    return new EngineRig(store, config, size, sessions);
  }

  /**
   * Open a rig whose engine encrypts every payload (AES-256-GCM, one data key per session) under a key
   * a {@link dev.magnus.rollback.spi.KeyProvider} holds, with otherwise {@code config}.
   *
   * @param store the store; the rig's engine closes it
   * @param config the engine's configuration, without encryption
   * @param size the state size
   * @param sessions how many sessions to initialize now
   * @return the rig
   */
  public static EngineRig encrypted(CheckpointStore store, RollbackConfig config, BenchStates.Size size, int sessions) {
    RollbackConfig encrypting = RollbackConfig.from(config).integrity(config.integrity().withEncryption(
        new dev.magnus.rollback.EncryptionConfig(java.util.Map.of(), java.util.Optional.of("bench")))).build();
    return new EngineRig(store, encrypting, size, sessions, builder -> builder.keyProvider(id -> {
      byte[] key = new byte[32];
      java.util.Arrays.fill(key, (byte) 0x42);
      return "bench".equals(id) ? java.util.Optional.of(key) : java.util.Optional.empty();
    }));
  }

  /**
   * Initialize one more session with the rig's state size.
   *
   * @return its index
   */
  public int add() {
    int i = sessions.size();
    Session s = engine.initialize("bench-" + i, BenchStates.metadata(), BenchStates.attributes(size, i));
    sessions.add(s);
    starts.add(s.checkpoints().get(0).id());
    return i;
  }

  /**
   * Open a rig on a new in-memory store.
   *
   * @param size the state size
   * @param sessions how many sessions
   * @return the rig
   */
  public static EngineRig memory(BenchStates.Size size, int sessions) {
    return new EngineRig(InMemoryStores.create(), RollbackConfig.ofDefaults(), size, sessions);
  }

  /**
   * Open a rig on a new file store.
   *
   * @param directory an empty or missing directory
   * @param policy the fsync policy
   * @param size the state size
   * @param sessions how many sessions
   * @return the rig
   */
  public static EngineRig file(Path directory, FsyncPolicy policy, BenchStates.Size size, int sessions) {
    return new EngineRig(FileStores.builder(directory).fsync(policy).open(), RollbackConfig.ofDefaults(), size,
        sessions);
  }

  /**
   * Open a rig on a store with retention and compression of one's choice.
   *
   * @param store the store; the rig's engine closes it
   * @param maxCheckpoints checkpoints kept per session
   * @param compression the compression settings
   * @param size the state size
   * @param sessions how many sessions
   * @return the rig
   */
  public static EngineRig custom(CheckpointStore store, int maxCheckpoints, CompressionConfig compression,
      BenchStates.Size size, int sessions) {
    RollbackConfig config = RollbackConfig.custom()
        .checkpoint(CheckpointConfig.custom().maxCheckpoints(maxCheckpoints).retention(Duration.ZERO).build())
        .compression(compression).build();
    return new EngineRig(store, config, size, sessions);
  }

  /**
   * Take a USER_REQUESTED checkpoint of session {@code i}.
   *
   * @param i the session index
   * @return the new checkpoint's stored size
   */
  public long checkpoint(int i) {
    return sessions.get(i).createCheckpoint(CheckpointType.USER_REQUESTED, "bench").storedSize();
  }

  /**
   * Change one small attribute of session {@code i} ({@link BenchStates#changeOne}), then take a
   * USER_REQUESTED checkpoint of it.
   *
   * @param i the session index
   * @param n which change this is
   * @return the new checkpoint
   */
  public Checkpoint changeAndCheckpoint(int i, long n) {
    Session s = sessions.get(i);
    s.update(state -> BenchStates.changeOne(state, size, n));
    return s.createCheckpoint(CheckpointType.USER_REQUESTED, "bench");
  }

  /**
   * Roll session {@code i} back to its SESSION_START checkpoint.
   *
   * @param i the session index
   * @return the revision of the restored state
   */
  public long rollback(int i) {
    return sessions.get(i).rollbackToCheckpoint(starts.get(i)).restoredState().revision();
  }

  /**
   * Return session {@code i}.
   *
   * @param i the index
   * @return the session
   */
  public Session session(int i) {
    return sessions.get(i);
  }

  /**
   * Return the engine.
   *
   * @return the engine
   */
  public SessionRollbackEngine engine() {
    return engine;
  }

  /**
   * Return the store the engine writes to.
   *
   * @return the store
   */
  public CheckpointStore store() {
    return store;
  }

  @Override
  public void close() {
    engine.close();
  }
}
