package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evicted channels are closed off the evicting thread, and none outlives {@link ReadChannels#close}. */
class ReadChannelsTest {
  @TempDir
  Path dir;

  /** How many of this process's open descriptors refer to {@code file} (Linux: /proc/self/fd). */
  private static long descriptorsOf(Path file) throws IOException {
    Path fds = Path.of("/proc/self/fd");
    Path target = file.toAbsolutePath();
    try (Stream<Path> all = Files.list(fds)) {
      return all.filter(fd -> {
        try {
          Path link = Files.readSymbolicLink(fd);
          return link.equals(target) || link.toString().equals(target + " (deleted)");
        } catch (IOException e) {
          return false; // closed meanwhile
        }
      }).count();
    }
  }

  @Test
  void aDeletedFilesChannelIsClosedAfterEvictionAndNoneOutlivesClose() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux)");
    // given: two files read through the channels
    Path a = Files.write(dir.resolve("a"), new byte[] {1, 2, 3, 4});
    Path b = Files.write(dir.resolve("b"), new byte[] {5, 6, 7, 8});
    ReadChannels readers = new ReadChannels();
    assertArrayEquals(new byte[] {2, 3}, bytes(readers.read(a, 1, 2)));
    assertArrayEquals(new byte[] {7, 8}, bytes(readers.read(b, 2, 2)));
    assertEquals(1, descriptorsOf(a));

    // when: a is deleted and evicted, b is evicted and the readers closed at once
    Files.delete(a);
    readers.evict(a);
    readers.evict(b);
    readers.close();

    // then: no descriptor of either file is left, and nothing is served any more
    assertEquals(0, descriptorsOf(a));
    assertEquals(0, descriptorsOf(b));
    assertEquals(0, readers.openCount());
  }

  @Test
  void aReadAfterEvictionOpensTheFileAgain() throws Exception {
    // given
    Path a = Files.write(dir.resolve("a"), new byte[] {1, 2, 3, 4});
    try (ReadChannels readers = new ReadChannels()) {
      readers.read(a, 0, 1);

      // when
      readers.evict(a);

      // then
      assertEquals(0, readers.openCount());
      assertArrayEquals(new byte[] {4}, bytes(readers.read(a, 3, 1)));
      assertEquals(1, readers.openCount());
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
