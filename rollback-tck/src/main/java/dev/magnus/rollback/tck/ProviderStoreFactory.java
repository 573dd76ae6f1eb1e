package dev.magnus.rollback.tck;

import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.CheckpointStoreProvider;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Open a store through its provider, found by name with {@link java.util.ServiceLoader}: the
 * {@link DurableStoreFactory} of a contract run started from a provider's name ({@link TckRunner}), so
 * that the crash test's child JVM can open the same store. The child receives only this class's name
 * and the store's directory; the provider's name and its directory option are read from a small file
 * the run writes next to the directory ({@code <directory>.provider}). Stateless and thread-safe.
 */
public final class ProviderStoreFactory implements DurableStoreFactory {
  private static final String STORE = "store";
  private static final String DIRECTORY_OPTION = "directoryOption";

  /** Create the factory; the crash test instantiates it by name. */
  public ProviderStoreFactory() {}

  /**
   * Open the store described next to {@code dir}.
   *
   * @param dir the store's directory
   * @return the open store
   * @throws IllegalStateException if no description lies next to {@code dir}, or its provider is not on
   *     the class path
   */
  @Override
  public CheckpointStore open(Path dir) {
    Properties described = read(description(dir));
    String name = described.getProperty(STORE);
    CheckpointStoreProvider provider = TckRunner.storeProvider(name).orElseThrow(() -> new IllegalStateException(
        "no CheckpointStoreProvider named '" + name + "' on this JVM's class path; add the provider's jar"));
    return ProviderStoreContract.open(provider, described.getProperty(DIRECTORY_OPTION), dir, Map.of());
  }

  /** Write the description of the store that will live in {@code dir}, for a child JVM. */
  static void describe(Path dir, String store, String directoryOption) {
    Properties properties = new Properties();
    properties.setProperty(STORE, store);
    properties.setProperty(DIRECTORY_OPTION, directoryOption);
    try (Writer out = Files.newBufferedWriter(description(dir), StandardCharsets.UTF_8)) {
      properties.store(out, "the store a crash-test child JVM opens in " + dir.getFileName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot describe the store next to " + dir, e);
    }
  }

  private static Path description(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".provider");
  }

  private static Properties read(Path description) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(description, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + description + ": a contract run started from a provider's "
          + "name writes it next to each store's directory", e);
    }
    return properties;
  }
}
