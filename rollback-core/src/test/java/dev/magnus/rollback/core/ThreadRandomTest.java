package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ThreadRandomTest {
  @Test
  void aThreadAlwaysGetsTheSameStrongSourceAndOtherThreadsTheirOwn() throws Exception {
    // given
    SecureRandom mine = ThreadRandom.get();
    Set<SecureRandom> seen = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));
    // when 64 threads take theirs
    Thread[] threads = new Thread[64];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> seen.add(ThreadRandom.get()));
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    // then
    assertSame(mine, ThreadRandom.get(), "one thread, one source");
    assertEquals(64, seen.size(), "64 threads, 64 sources");
    assertTrue(!seen.contains(mine));
    assertEquals("DRBG", mine.getAlgorithm());
  }

  @Test
  void checkpointIdsFromManyThreadsAreUniqueAndTheirRandomPartsDiffer() throws Exception {
    // given one generator, 16 threads making 2,000 ids each
    CheckpointIdGenerator ids = new CheckpointIdGenerator(java.time.Clock.systemUTC());
    Set<String> all = ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[16];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> {
        for (int n = 0; n < 2_000; n++) {
          all.add(ids.next().value());
        }
      });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    // then every id is new, and the random parts (after the 10 time characters) are not all alike
    assertEquals(32_000, all.size());
    Set<String> randomParts = new HashSet<>();
    all.forEach(id -> randomParts.add(id.substring(10, 14)));
    assertNotEquals(1, randomParts.size());
  }
}
