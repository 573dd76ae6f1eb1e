package dev.magnus.rollback.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.spi.CheckpointRecord;
import dev.magnus.rollback.spi.StoreCapability;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Check the rule of {@code CheckpointStore}: a deletion frees the id and the (session, sequence). An
 * append after it is judged against live checkpoints only, is served as the new record (never as the
 * deleted one), and a durable store's old deletion never removes it on reopen. Every re-append here
 * names a live parent, or none in an empty session, so a store that refuses late appends whose parent
 * was deleted passes.
 */
abstract class ReappendCases extends StoreCases {
  /** The same id and sequence as {@code original}, with other content: another description, labels and size. */
  static CheckpointRecord successorOf(CheckpointRecord original) {
    return DescriptorDraft.of(original.checkpoint().sessionId(), original.checkpoint().sequence())
        .id(original.checkpoint().id().value()).description("appended again after its deletion")
        .labels(Map.of("generation", "2")).storedSize(original.payloadLength() + 5).record();
  }

  @Test
  void aDeletedIdCanBeAppendedAgainAndServesTheNewRecord() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 8);
    assertStored(records.get(1));
    store.delete(SESSION, List.of(records.get(1).checkpoint().id()));
    CheckpointRecord again = successorOf(records.get(1));
    // when
    store.append(again);
    // then
    assertStored(again);
    assertEquals(descriptors(List.of(records.get(0), again, records.get(2))), listAll(SESSION));
    assertEquals(List.of(3L, 8L + again.payloadLength() + 8L), List.of(store.stats().checkpoints(),
        store.stats().payloadBytes()), "stats count the new record, not the deleted one");
  }

  @Test
  void aDeletedNewestSequenceCanBeAppendedAgainWithANewId() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 8);
    store.delete(SESSION, List.of(records.get(2).checkpoint().id()));
    CheckpointRecord redo = DescriptorDraft.of(SESSION, 3).id("redo-3").record();
    // when
    store.append(redo);
    // then
    assertStored(redo);
    assertEquals(redo.checkpoint(), store.latest(SESSION).orElseThrow());
    assertEquals(Optional.empty(), store.read(SESSION, records.get(2).checkpoint().id()), "the deleted one stays deleted");
  }

  @Test
  void idsFreedByDeleteSessionCanBeTakenByAnySession() {
    // given
    List<CheckpointRecord> records = appendSequences(SESSION, 2, 8);
    store.deleteSession(SESSION);
    CheckpointId first = records.get(0).checkpoint().id();
    CheckpointId second = records.get(1).checkpoint().id();
    CheckpointRecord elsewhere = DescriptorDraft.of(OTHER, 1).id(first.value()).parent(Optional.empty()).record();
    CheckpointRecord afresh = DescriptorDraft.of(SESSION, 1).id(second.value()).parent(Optional.empty())
        .type(CheckpointType.SESSION_START).record();
    // when
    store.append(elsewhere);
    store.append(afresh);
    // then
    assertStored(elsewhere);
    assertStored(afresh);
    assertEquals(Set.of(SESSION, OTHER), store.sessions());
    assertEquals(Optional.empty(), store.read(SESSION, first), "the id now belongs to the other session");
  }

  @Test
  void reappendedCheckpointsSurviveReopenAndTheirDeletionsDoNotHideThem() {
    // given
    assumeTrue(store.capabilities().contains(StoreCapability.DURABLE)
        || store.capabilities().contains(StoreCapability.TOMBSTONES),
        "the store declares neither DURABLE nor TOMBSTONES, so nothing it holds outlives a reopen");
    List<CheckpointRecord> records = appendSequences(SESSION, 3, 8);
    store.delete(SESSION, List.of(records.get(1).checkpoint().id(), records.get(2).checkpoint().id()));
    CheckpointRecord again = successorOf(records.get(1));
    CheckpointRecord redo = DescriptorDraft.of(SESSION, 3).id("redo-3").parent(Optional.of(again.checkpoint().id()))
        .record();
    store.append(again);
    store.append(redo);
    // when
    reopen();
    // then
    assertEquals(descriptors(List.of(records.get(0), again, redo)), listAll(SESSION));
    assertStored(again);
    assertStored(redo);
    assertTrue(store.read(SESSION, records.get(2).checkpoint().id()).isEmpty(), "the deleted sequence 3 stays deleted");
  }
}
