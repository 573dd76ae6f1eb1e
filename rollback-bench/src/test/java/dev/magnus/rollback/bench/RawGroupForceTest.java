package dev.magnus.rollback.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawGroupForceTest {
  private static final int RECORD = 100;
  private static final int THREADS = 8;
  private static final int EACH = 200;

  @TempDir
  Path dir;

  /** A record naming its writer and number, padded to {@value #RECORD} bytes. */
  private static byte[] record(int writer, int n) {
    return ByteBuffer.allocate(RECORD).putInt(writer).putInt(n).putInt(0xC0FFEE).array();
  }

  @Test
  void everyRecordOfEveryThreadIsWrittenOnceBeforeTheZeroedTail() throws Exception {
    // given
    Path file = dir.resolve("group.bin");
    try (RawGroupForce group = new RawGroupForce(file)) {
      Thread[] threads = new Thread[THREADS];
      Throwable[] failed = new Throwable[1];
      for (int t = 0; t < THREADS; t++) {
        int writer = t;
        threads[t] = new Thread(() -> {
          try {
            for (int n = 0; n < EACH; n++) {
              group.append(record(writer, n));
            }
          } catch (Throwable e) {
            failed[0] = e;
          }
        });
      }

      // when
      for (Thread t : threads) {
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }

      // then
      assertEquals(null, failed[0]);
      double batch = group.meanBatch();
      assertTrue(batch >= 1 && batch <= THREADS, "appends per force: " + batch);
    }
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    assertEquals(RawGroupForce.CHUNK, bytes.capacity(), "one preallocated chunk holds all the records");
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < THREADS * EACH; i++) {
      int writer = bytes.getInt(i * RECORD);
      int n = bytes.getInt(i * RECORD + 4);
      assertEquals(0xC0FFEE, bytes.getInt(i * RECORD + 8), "record " + i + " is whole");
      assertTrue(seen.add(((long) writer << 32) | n), "record " + writer + "/" + n + " written twice");
    }
    assertEquals(THREADS * EACH, seen.size());
    for (int at = THREADS * EACH * RECORD; at < bytes.capacity(); at++) {
      assertEquals(0, bytes.get(at), "byte " + at + " past the records is preallocated zero");
    }
  }

  @Test
  void anInterruptedCallerStillWritesItsRecordAndKeepsItsInterrupt() throws Exception {
    // given
    Path file = dir.resolve("interrupted.bin");
    boolean[] stillInterrupted = new boolean[1];
    Throwable[] failed = new Throwable[1];
    try (RawGroupForce group = new RawGroupForce(file)) {
      Thread caller = new Thread(() -> {
        Thread.currentThread().interrupt();
        try {
          group.append(record(7, 1));
          group.append(record(7, 2));
        } catch (Throwable e) {
          failed[0] = e;
        }
        stillInterrupted[0] = Thread.currentThread().isInterrupted();
      });

      // when
      caller.start();
      caller.join();
    }

    // then
    assertEquals(null, failed[0]);
    assertTrue(stillInterrupted[0]);
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    assertEquals(2, bytes.getInt(RECORD + 4));
    assertEquals(0xC0FFEE, bytes.getInt(RECORD + 8));
  }

  @Test
  void aFailedWriteFailsItsAppendAndEveryLaterOne() throws Exception {
    // given
    RawGroupForce group = new RawGroupForce(dir.resolve("closed.bin"));
    group.append(record(0, 0));
    group.close();

    // when / then
    assertThrows(IOException.class, () -> group.append(record(0, 1)));
    IOException later = assertThrows(IOException.class, () -> group.append(record(0, 2)));
    assertTrue(later.getMessage().contains("failed"), later.getMessage());
  }
}
