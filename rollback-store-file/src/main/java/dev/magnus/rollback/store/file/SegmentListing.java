package dev.magnus.rollback.store.file;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Find the segment files of a store directory and clear what interrupted operations left behind.
 *
 * <p>Design: step 1 of recovery (FORMAT.md section 7): a writable open deletes {@code .tmp} files of
 * segments and of the manifest, and finishes or discards {@code .salvage} files (a salvage whose
 * {@code .log} still exists was not finished and is deleted; one whose {@code .log} is gone was forced
 * before the first rename and is renamed into place). A read-only open changes nothing and treats
 * such a salvage as the segment itself. Stateless.
 */
final class SegmentListing {
  private static final System.Logger LOG = System.getLogger(SegmentListing.class.getName());

  private SegmentListing() {}

  static void cleanUp(SegmentFiles files) throws IOException {
    boolean changed = false;
    List<Path> salvages = new ArrayList<>();
    List<Path> summaries = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(files.dir)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (name.endsWith(SegmentFiles.TEMP) && (name.startsWith("segment-") || name.startsWith(Manifest.NAME))) {
          Files.delete(p);
          changed = true;
        } else if (name.startsWith("segment-") && name.endsWith(SegmentFiles.SALVAGE)) {
          salvages.add(p);
        } else if (name.startsWith("segment-") && name.endsWith(SegmentSummary.SUFFIX)) {
          summaries.add(p);
        }
      }
    }
    for (Path p : salvages) {
      changed = true;
      Path target = files.dir.resolve(p.getFileName().toString().replace(SegmentFiles.SALVAGE, ""));
      if (Files.exists(target)) {
        Files.delete(p);
      } else {
        Files.move(p, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        LOG.log(Level.WARNING, "finished the salvage of {0} interrupted by a crash", target.getFileName());
      }
    }
    for (Path p : summaries) {
      if (!Files.exists(p.resolveSibling(p.getFileName().toString().replace(SegmentSummary.SUFFIX, ".log")))) {
        Files.delete(p); // the summary of a segment deleted by a crashed compaction
        changed = true;
      }
    }
    if (changed) {
      files.forceDirectory();
    }
  }

  static TreeMap<Long, Path> segments(Path directory, boolean readOnly) throws IOException {
    TreeMap<Long, Path> live = new TreeMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "segment-*")) {
      for (Path p : dir) {
        long id = SegmentFiles.idOf(p);
        if (id >= 0) {
          live.put(id, p);
        }
      }
    }
    if (readOnly) {
      // a salvage whose original was already moved away is the segment (a writable open would rename it)
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "segment-*" + SegmentFiles.SALVAGE)) {
        for (Path p : dir) {
          long id = SegmentFiles.idOf(p.resolveSibling(p.getFileName().toString().replace(SegmentFiles.SALVAGE, "")));
          if (id >= 0) {
            live.putIfAbsent(id, p);
          }
        }
      }
    }
    return live;
  }

  static boolean allVersion1(TreeMap<Long, Path> onDisk) throws IOException {
    for (Path p : onDisk.values()) {
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
        ByteBuffer b = ByteBuffer.allocate(6);
        ch.read(b, 0);
        if (b.position() < 6 || b.getShort(4) != Format.VERSION_1) {
          return false;
        }
      }
    }
    return true;
  }
}
