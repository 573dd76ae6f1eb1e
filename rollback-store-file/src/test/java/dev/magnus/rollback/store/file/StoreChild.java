package dev.magnus.rollback.store.file;

import dev.magnus.rollback.RollbackException;
import dev.magnus.rollback.spi.CheckpointStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The child JVM of the process tests: {@code lock <dir>} tries to open the store and prints the
 * outcome; {@code append <dir>} appends forever from four threads and prints each acknowledged
 * checkpoint as {@code ACK <session> <sequence> END}.
 */
final class StoreChild {
  static final int PAYLOAD = 4500;
  static final int THREADS = 4;

  private StoreChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    if (args[0].equals("lock")) {
      lock(dir);
    } else {
      append(dir);
    }
  }

  private static void lock(Path dir) {
    try (CheckpointStore store = FileStores.open(dir)) {
      System.out.println("OPENED " + store.sessions().size());
    } catch (RollbackException e) {
      System.out.println("REFUSED " + e.getMessage());
    }
  }

  private static void append(Path dir) throws InterruptedException, ExecutionException, IOException {
    CheckpointStore store = FileStores.builder(dir).segmentBytes(64 * 1024).open();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String session = "kill-" + t;
      futures.add(pool.submit(() -> {
        long seq = store.latest(session).map(c -> c.sequence() + 1).orElse(1L);
        while (true) {
          store.append(Fixtures.record(session, seq, PAYLOAD));
          System.out.println("ACK " + session + " " + seq + " END");
          seq++;
        }
      }));
    }
    System.out.println("STARTED");
    for (Future<?> f : futures) {
      f.get();
    }
  }
}
