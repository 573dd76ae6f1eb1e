package dev.magnus.rollback.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.magnus.rollback.store.file.Codec.Marker;
import dev.magnus.rollback.store.file.Codec.Target;
import dev.magnus.rollback.store.file.Format.SegmentHeader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a segment's markers are still needed, asked again and again as space reclamation does. */
class NeededMarkersTest {
  private final CheckpointIndex index = new CheckpointIndex();

  private Segment segment(long id, int generation) {
    Segment s = new Segment(id, Path.of("segment-" + id), new SegmentHeader(id, 7, generation, Format.VERSION), 0);
    index.putSegment(s);
    return s;
  }

  private static void mark(Segment in, long offset, int length, Segment... targets) {
    List<Target> t = java.util.Arrays.stream(targets).map(Segment::asTarget).toList();
    in.noteMarker(new Marker(false, "s", List.of(), t), offset, length);
  }

  @Test
  void theAnswerFollowsNewMarkersDeletedTargetsAndRewrittenTargets() {
    // given: segment 3 holds markers pointing at segments 1 and 2
    Segment one = segment(1, 0);
    Segment two = segment(2, 0);
    Segment three = segment(3, 0);
    mark(three, 100, 40, one);
    mark(three, 140, 50, two);

    // when / then: both targets exist in the generation the markers saw
    assertEquals(90, index.neededMarkerBytes(three));
    assertEquals(90, index.neededMarkerBytes(three), "asked again, unchanged");

    // a new marker counts at once
    mark(three, 190, 30, one);
    assertEquals(120, index.neededMarkerBytes(three));

    // segment 1 deleted: its two markers are no longer needed
    index.removeSegment(one.id);
    assertEquals(50, index.neededMarkerBytes(three));

    // segment 2 rewritten under the next generation: the marker saw the old one
    two.header = new SegmentHeader(2, 8, 1, Format.VERSION);
    index.segmentRewritten();
    assertEquals(0, index.neededMarkerBytes(three));
  }

  @Test
  void aSegmentWithNoLiveRecordIsDeadOnlyOnceItsMarkersAreNotNeeded() {
    // given
    Segment one = segment(1, 0);
    Segment two = segment(2, 0);
    Segment active = segment(3, 0);
    mark(two, 100, 40, one);

    // when / then: segment 2 has nothing live, but its marker still kills records in segment 1
    one.liveRecords = 1;
    assertEquals(null, index.deadSegment(active));
    assertEquals(null, index.deadSegment(active), "asked again, unchanged");

    // segment 1 goes: now segment 2 is dead
    index.removeSegment(one.id);
    assertEquals(two, index.deadSegment(active));
  }
}
