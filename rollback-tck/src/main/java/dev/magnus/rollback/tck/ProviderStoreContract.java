package dev.magnus.rollback.tck;

import dev.magnus.rollback.StorageConfig;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import java.nio.file.Path;
import java.util.Map;
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
    String name = store.provider().name();
    return store.provider().create(StorageConfig.custom().type(name)
        .options(name, Map.of(store.directoryOption(), dir.toString())).build());
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
