package dev.magnus.rollback.store.jdbc;

import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.EngineContext;
import dev.magnus.rollback.spi.KeyProvider;
import dev.magnus.rollback.tck.SessionRollbackEngineContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run the whole TCK engine contract with encryption at rest on, over PostgreSQL (a fresh schema per test): the default
 * engine made from the contract's context, its key found by ServiceLoader (a service file on the thread's
 * context class loader while the engine starts). The store is unchanged and holds ciphertext and the key ring.
 */
class EncryptedJdbcEngineContractTest extends SessionRollbackEngineContract {
  private final List<String> schemas = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;

  /** Holds the key "contract"; registered through a service file, so public with a public constructor. */
  public static final class ContractKeys implements KeyProvider {
    /** Called by ServiceLoader. */
    public ContractKeys() {}

    @Override
    public Optional<byte[]> key(String keyId) {
      byte[] key = new byte[32];
      Arrays.fill(key, (byte) 0x3c);
      return "contract".equals(keyId) ? Optional.of(key) : Optional.empty();
    }
  }

  /** Start the default engine with encryption under "contract", the key coming from ServiceLoader. */
  static SessionRollbackEngine encryptingEngine(EngineContext context, Path services, Class<?> provider) {
    RollbackConfig config = context.config();
    EngineContext encrypting = new EngineContext(RollbackConfig.from(config).integrity(config.integrity()
        .withEncryption(new EncryptionConfig(Map.of(), Optional.of("contract")))).build(), context.store(),
        context.strategies(), context.validator(), context.observers(), context.auditSinks(), context.clock(),
        context.scheduler());
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {serviceFile(services, provider).toUri().toURL()},
        provider.getClassLoader())) {
      thread.setContextClassLoader(loader);
      return SessionRollback.defaultEngine(encrypting);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  private static Path serviceFile(Path root, Class<?> provider) throws IOException {
    Path services = Files.createDirectories(root.resolve("META-INF/services"));
    Files.writeString(services.resolve(KeyProvider.class.getName()), provider.getName() + "\n");
    return root;
  }

  @Override
  protected SessionRollbackEngine createEngine(EngineContext context) {
    try {
      return encryptingEngine(context, Files.createTempDirectory(dir, "services"), ContractKeys.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected CheckpointStore createStore() {
    TestDatabase.requireServer();
    String schema = TestDatabase.freshSchema("encrypted");
    schemas.add(schema);
    return TestDatabase.open(schema);
  }

  @AfterEach
  void dropSchemas() {
    schemas.forEach(TestDatabase::dropSchema);
  }
}
