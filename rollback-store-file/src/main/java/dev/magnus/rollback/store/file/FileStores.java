package dev.magnus.rollback.store.file;

import dev.magnus.rollback.StoreException;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreFileLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Open durable file checkpoint stores. Thread-safe (stateless); a {@link Builder} is not.
 *
 * <pre>{@code
 * CheckpointStore store = FileStores.builder(Path.of("rollback-data"))
 *     .fsync(FsyncPolicy.ALWAYS)
 *     .segmentBytes(64L << 20)
 *     .open();
 * }</pre>
 *
 * <p>The store locks its directory until {@link CheckpointStore#close()}; a second store on the same
 * directory, in this process or another, fails with a {@link StoreException} naming the holder.
 */
public final class FileStores {
  /** The provider name of the file store: the value of {@code storage.type} that selects it. */
  public static final String PROVIDER_NAME = "file";
  /** The directory used when none is configured: {@code ./rollback-data}. */
  public static final Path DEFAULT_PATH = Path.of("rollback-data");
  /** The default segment size: 64 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  /** The smallest segment size accepted. */
  public static final long MIN_SEGMENT_BYTES = 256;
  /** The largest segment size accepted: 1 GiB. */
  public static final long MAX_SEGMENT_BYTES = 1L << 30;
  /** The default force period of {@link FsyncPolicy#INTERVAL}: 100 ms. */
  public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(100);

  private FileStores() {}

  /**
   * Describe the damage a file store found when it opened: one sentence per damaged place, naming the
   * segment, what was lost and what was done about it. Empty for a healthy store or another kind of
   * store.
   *
   * @param store a store opened by this class
   * @return the damage report, in the order found
   */
  public static java.util.List<String> damage(CheckpointStore store) {
    return store instanceof FileCheckpointStore f ? f.damage() : java.util.List.of();
  }

  /**
   * Describe where file stores keep their records: the live segment files in write order, where each
   * record begins in one, and the options that spread a store over many small segments. For tools that
   * inspect or damage a closed store on purpose, such as the conformance kit's corruption cases.
   *
   * @return the layout; stateless and thread-safe
   */
  public static StoreFileLayout layout() {
    return FileStoreLayout.INSTANCE;
  }

  /**
   * Open the store in a directory with the defaults ({@link FsyncPolicy#ALWAYS}, 64 MiB segments),
   * creating the directory if needed and recovering what a crash left.
   *
   * @param directory the store directory
   * @return the open store
   * @throws StoreException if the directory is locked by another store or cannot be used
   */
  public static CheckpointStore open(Path directory) {
    return builder(directory).open();
  }

  /**
   * Start configuring a store.
   *
   * @param directory the store directory
   * @return a builder with the defaults
   */
  public static Builder builder(Path directory) {
    return new Builder(Objects.requireNonNull(directory, "directory"));
  }

  /** Configure and open a file store. Not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private FsyncPolicy fsync = FsyncPolicy.ALWAYS;
    private Duration fsyncInterval = DEFAULT_FSYNC_INTERVAL;
    private long segmentBytes = DEFAULT_SEGMENT_BYTES;
    private StoreHook hook = StoreHook.NONE;
    private boolean readOnly;
    private boolean groupAccess;

    private Builder(Path directory) {
      this.directory = directory;
    }

    /**
     * Choose when data is forced to disk.
     *
     * @param policy the policy; {@link FsyncPolicy#ALWAYS} by default
     * @return this builder
     */
    public Builder fsync(FsyncPolicy policy) {
      fsync = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Set the force period of {@link FsyncPolicy#INTERVAL}.
     *
     * @param interval at least 1 ms
     * @return this builder
     * @throws IllegalArgumentException if the interval is shorter than 1 ms
     */
    public Builder fsyncInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("fsyncIntervalMs must be >= 1, was " + interval.toMillis());
      }
      fsyncInterval = interval;
      return this;
    }

    /**
     * Set the size at which the active segment file is closed and a new one started.
     *
     * @param bytes from {@link #MIN_SEGMENT_BYTES} to {@link #MAX_SEGMENT_BYTES}
     * @return this builder
     * @throws IllegalArgumentException if the size is out of range
     */
    public Builder segmentBytes(long bytes) {
      if (bytes < MIN_SEGMENT_BYTES || bytes > MAX_SEGMENT_BYTES) {
        throw new IllegalArgumentException("segmentBytes must be between " + MIN_SEGMENT_BYTES + " and "
            + MAX_SEGMENT_BYTES + ", was " + bytes);
      }
      segmentBytes = bytes;
      return this;
    }

    /**
     * Open the store read-only: nothing in the directory is written, truncated, renamed, created or
     * deleted (the directory may itself be read-only), damage is reported in
     * {@link dev.magnus.rollback.spi.StoreStats#corruptions()} and {@link FileStores#damage} instead of
     * being repaired, and every mutation fails with a {@link StoreException}. A store open for writing
     * in another process makes a read-only open fail, as it would give an inconsistent view.
     *
     * @return this builder
     */
    public Builder readOnly() {
      readOnly = true;
      return this;
    }

    /**
     * Let the owner's group read the store: directories {@code rwxr-x---} and files {@code rw-r-----}
     * instead of {@code rwx------} and {@code rw-------} (POSIX file systems only). Session state is
     * personal data; widen this only for deployments that need it.
     *
     * @param allow whether the group may read
     * @return this builder
     */
    public Builder groupAccess(boolean allow) {
      groupAccess = allow;
      return this;
    }

    Builder hook(StoreHook value) {
      hook = Objects.requireNonNull(value, "hook");
      return this;
    }

    /**
     * Open the store, creating the directory if needed and recovering what a crash left.
     *
     * @return the open store; close it to release the directory
     * @throws StoreException if the directory is locked by another store or cannot be used
     */
    public CheckpointStore open() {
      return openFileStore();
    }

    FileCheckpointStore openFileStore() {
      return FileCheckpointStore.open(new Settings(directory, fsync, fsyncInterval, segmentBytes, hook, readOnly,
          groupAccess));
    }
  }
}
