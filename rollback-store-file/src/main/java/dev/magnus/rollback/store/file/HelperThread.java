package dev.magnus.rollback.store.file;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The store's helper threads for work kept off the writer's path (zero-filling the next segment,
 * closing the channels of deleted segments): one daemon thread per executor, started by the first
 * task and ended after {@value #IDLE_SECONDS} s with nothing to do, so an idle store keeps no thread.
 * Stateless.
 */
final class HelperThread {
  static final int IDLE_SECONDS = 30;

  private HelperThread() {}

  /** An executor of one daemon thread named {@code name} that ends when idle; tasks run in order. */
  static ExecutorService startedOnDemand(String name) {
    ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
    one.allowCoreThreadTimeOut(true);
    return one;
  }
}
