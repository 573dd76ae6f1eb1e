package dev.magnus.rollback.tck;

import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import dev.magnus.rollback.spi.StoreFileLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Run the store contract against a provider chosen by name, for {@link TckRunner}. The provider's
 * name comes from the launcher's configuration parameter {@value #STORE_PARAMETER}; each test's
 * store is created with {@code storage.type} set to that name and the store option named by
 * {@value #DIRECTORY_OPTION_PARAMETER} (default {@code path}, the name the shipped stores use) set to the TCK's per-test
 * directory.
 *
 * <p>The crash test's child JVM opens the store through {@link ProviderStoreFactory}, which reads the
 * provider's name from a file written next to the store's directory. A provider that also implements
 * {@link StoreFileLayout} turns on the Corruption group: its data files and record offsets become
 * {@link StoreFiles}, and its multi-file options create the multi-file store.
 */
@ExtendWith(ProviderStoreContract.ProviderResolver.class)
final class ProviderStoreContract extends CheckpointStoreContract {
  /** The configuration parameter naming the provider. */
  static final String STORE_PARAMETER = "rollback.tck.store";
  /** The configuration parameter naming the store option that takes the directory. */
  static final String DIRECTORY_OPTION_PARAMETER = "rollback.tck.directoryOption";
  private final StoreUnderTest store;

  /** The provider and the name of its directory option. */
  record StoreUnderTest(CheckpointStoreProvider provider, String directoryOption) {}

  ProviderStoreContract(StoreUnderTest store) {
    this.store = store;
  }

  @Override
  protected CheckpointStore createStore(Path dir) {
    ProviderStoreFactory.describe(dir, store.provider().name(), store.directoryOption());
    return open(dir, Map.of());
  }

  @Override
  protected CheckpointStore reopenStore(Path dir) {
    return open(dir, Map.of());
  }

  @Override
  protected Optional<String> storeFactoryClass() {
    return Optional.of(ProviderStoreFactory.class.getName());
  }

  @Override
  protected Optional<CheckpointStore> createMultiFileStore(Path dir) {
    return layout().map(StoreFileLayout::multiFileOptions).filter(options -> !options.isEmpty())
        .map(options -> open(dir, options));
  }

  @Override
  protected Optional<StoreFiles> storeFiles(Path dir) {
    Optional<StoreFileLayout> layout = layout();
    if (layout.isEmpty()) {
      return Optional.empty();
    }
    List<Path> dataFiles = unchecked(() -> layout.get().dataFiles(dir));
    if (dataFiles.isEmpty()) {
      return Optional.empty();
    }
    StoreFiles.Builder files = StoreFiles.builder(dataFiles)
        .recordStarts(file -> unchecked(() -> layout.get().recordStarts(file)));
    if (layout.get().frame(TckCheckpoints.record("frame-probe", 1, 1)).isPresent()) {
      files.frames(record -> layout.get().frame(record).orElseThrow());
    }
    return Optional.of(files.build());
  }

  private Optional<StoreFileLayout> layout() {
    return store.provider() instanceof StoreFileLayout layout ? Optional.of(layout) : Optional.empty();
  }

  private CheckpointStore open(Path dir, Map<String, Object> extraOptions) {
    return open(store.provider(), store.directoryOption(), dir, extraOptions);
  }

  /** Create a store of {@code provider} in {@code dir}, with its directory option and extra options. */
  static CheckpointStore open(CheckpointStoreProvider provider, String directoryOption, Path dir,
      Map<String, Object> extraOptions) {
    Map<String, Object> options = new HashMap<>(extraOptions);
    options.put(directoryOption, dir.toString());
    String name = provider.name();
    return provider.create(StorageConfig.custom().type(name).options(name, options).build());
  }

  private static <T> T unchecked(IoCall<T> call) {
    try {
      return call.get();
    } catch (IOException e) {
      throw new UncheckedIOException("the store's file layout could not be read: " + e.getMessage(), e);
    }
  }

  /** A call that reads files. */
  @FunctionalInterface
  private interface IoCall<T> {
    T get() throws IOException;
  }

  /** Resolve the provider named by the configuration parameter. */
  static final class ProviderResolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == StoreUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      String name = context.getConfigurationParameter(STORE_PARAMETER)
          .orElseThrow(() -> new ParameterResolutionException("set the configuration parameter " + STORE_PARAMETER));
      CheckpointStoreProvider provider = TckRunner.storeProvider(name).orElseThrow(() -> new ParameterResolutionException(
          "no CheckpointStoreProvider named '" + name + "' on the class path"));
      return new StoreUnderTest(provider, context.getConfigurationParameter(DIRECTORY_OPTION_PARAMETER).orElse("path"));
    }
  }
}
