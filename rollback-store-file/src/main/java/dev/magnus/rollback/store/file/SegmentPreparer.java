package dev.magnus.rollback.store.file;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Zero-fill the file of the next segment ahead of time, on a thread of its own, so that the writer's
 * roll only writes a header into it and renames it, and every append to that segment overwrites zeros
 * that are already allocated and on disk: its force is data-only ({@code fdatasync}) from the first
 * record to the last, and no writer ever waits for the zero-filling.
 *
 * <p>Why a separate file and thread: zero-filling ahead inside the active segment puts its bytes in
 * the same file the writer forces, so each force would also write out whatever zeros are still dirty;
 * done by the writer itself, a 1 MiB chunk and the full force after it took about 1.7 ms every ~200
 * appends, a third of all force time with 32 writers. A separate file's dirty pages are not part of
 * the active segment's force.
 *
 * <p>Life cycle: {@link #request} (by the writer, once the active segment is half full) starts one
 * preparation if none is pending; {@link #take} (at a roll) hands over the prepared file only if it is
 * complete and forced, else null, and the roll creates its segment as before. The prepared file is
 * {@code segment-next.tmp}: a writable open deletes it as a leftover of a crash (FORMAT.md section 7),
 * and {@link #close} deletes it. Thread-safe: the writer (one thread at a time) and the preparation
 * thread meet only in the synchronized methods.
 */
final class SegmentPreparer {
  private static final System.Logger LOG = System.getLogger(SegmentPreparer.class.getName());
  /** The prepared file: a {@code segment-} name ending in {@code .tmp}, so recovery deletes a leftover. */
  static final String NAME = "segment-next" + SegmentFiles.TEMP;

  private final SegmentFiles files;
  private final long bytes;
  private @Nullable ExecutorService thread;
  private @Nullable Future<Path> pending;
  private boolean closed;

  /** Prepare files of {@code bytes} bytes in {@code files}' directory. */
  SegmentPreparer(SegmentFiles files, long bytes) {
    this.files = files;
    this.bytes = bytes;
  }

  /** Start preparing the next segment's file unless one is prepared or being prepared. */
  synchronized void request() {
    if (closed || pending != null) {
      return;
    }
    if (thread == null) {
      thread = HelperThread.startedOnDemand("rollback-file-store-segment-preparer"); // none kept between segments
    }
    pending = thread.submit(this::prepare);
  }

  /** Return the prepared file, complete and forced, and forget it; null if none is ready. */
  synchronized @Nullable Path take() {
    if (pending == null || !pending.isDone()) {
      return null;
    }
    Future<Path> done = pending;
    pending = null;
    try {
      return done.get();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "preparing the next segment's file in " + files.dir + " failed; segments are "
          + "created as they are needed", e);
      return null;
    }
  }

  /** Stop preparing and delete the prepared file, if this preparer ever started one (never on a read-only open). */
  void close() {
    ExecutorService t;
    synchronized (this) {
      closed = true;
      t = thread;
      pending = null;
    }
    if (t == null) {
      return;
    }
    t.shutdownNow();
    try {
      t.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(files.dir.resolve(NAME));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete " + NAME + " in " + files.dir + "; the next open deletes it", e);
    }
  }

  /** Write and force the zeros; on failure (a full disk, an interrupt at close) delete what was written. */
  private Path prepare() throws IOException {
    Path file = files.dir.resolve(NAME);
    try (FileChannel ch = files.openNewFile(file)) {
      Segment.writeZeros(ch, 0, bytes);
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return file;
  }
}
