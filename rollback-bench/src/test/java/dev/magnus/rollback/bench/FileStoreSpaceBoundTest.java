package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.spi.StoreStats;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run 100,000 checkpoints through the engine on the file store with the default retention (10 per
 * session, SESSION_START pinned) and small segments, and check that disk use and open files follow
 * the live data instead of the history: bytes on disk at most twice the live record bytes plus three
 * segments (the newest segment with its preallocated zeros, up to two segments long, and the next
 * segment's file zero-filled ahead: FORMAT.md section 2.1), and a bounded number of open files. (Regression: long-lived pinned records and
 * deletion markers used to keep every segment alive: 1,667 segments for 2 live checkpoints.)
 */
class FileStoreSpaceBoundTest {
  private static final int CHECKPOINTS = Integer.getInteger("rollback.spaceBound.checkpoints", 100_000);
  private static final int SESSIONS = 4;
  private static final long SEGMENT_BYTES = 256 << 10;
  /** Read channels the store may cache, its write channel, LOCK, and a margin for a directory force. */
  private static final int MAX_EXTRA_FILES = 16 + 4;

  @TempDir
  Path dir;

  @Test
  void diskUseAndOpenFilesStayBoundedByLiveDataOverAHundredThousandCheckpoints() throws IOException {
    CheckpointStore store = FileStores.builder(dir).fsync(FsyncPolicy.NONE).segmentBytes(SEGMENT_BYTES).open();
    long filesBefore = openFiles();
    long worstRatioBytes = 0;
    long maxSegments = 0;
    try (SessionRollbackEngine engine = SessionRollback.builder().config(RollbackConfig.ofDefaults()).store(store)
        .build()) {
      List<Session> sessions = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        sessions.add(engine.initialize("s-" + i, BenchStates.metadata(), BenchStates.attributes(BenchStates.Size.SMALL,
            i)));
      }
      for (int n = 1; n <= CHECKPOINTS; n++) {
        Session s = sessions.get(n % SESSIONS);
        int step = n;
        s.update(state -> state.with("step", (long) step));
        s.createCheckpoint(CheckpointType.AUTO_PERIODIC, "step " + n);
        if (n % 5_000 == 0) {
          StoreStats stats = store.stats();
          long live = stats.extra().get("liveRecordBytes");
          long onDisk = bytesOnDisk();
          assertTrue(onDisk <= 2 * live + 3 * SEGMENT_BYTES, "after " + n + " checkpoints: " + onDisk
              + " bytes on disk for " + live + " live record bytes: " + stats.extra());
          assertTrue(openFiles() - filesBefore <= MAX_EXTRA_FILES, "after " + n + " checkpoints: "
              + (openFiles() - filesBefore) + " more open files: " + stats.extra());
          worstRatioBytes = Math.max(worstRatioBytes, onDisk - 2 * live);
          maxSegments = Math.max(maxSegments, stats.extra().get("segments"));
        }
      }
      assertEquals(SESSIONS * 10L, store.stats().checkpoints(), "10 per session, the pinned SESSION_START among them");
    }
    assertTrue(maxSegments <= 8, "segments stayed few: at most " + maxSegments);
  }

  private long bytesOnDisk() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path p : files.toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }

  /** Count this process's open file descriptors where the OS shows them (Linux); 0 elsewhere. */
  private static long openFiles() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(fds)) {
      return s.count();
    }
  }
}
