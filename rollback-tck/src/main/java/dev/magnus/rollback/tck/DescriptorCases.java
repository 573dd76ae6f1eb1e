package dev.magnus.rollback.tck;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.spi.CheckpointRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Check each descriptor field on its own, across its whole range, through every query path (read,
 * list both ways, a narrowed list, latest): a store that drops, rounds or truncates one field fails
 * the case named for it, with a message naming the field and both values.
 */
abstract class DescriptorCases extends StoreCases {
  /** Every character a checkpoint id may hold: exactly {@link CheckpointId#MAX_LENGTH} of them. */
  static final String ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";

  private static DescriptorDraft draft(long sequence) {
    return DescriptorDraft.of(SESSION, sequence);
  }

  @Test
  void idKeepsEveryCharacterAndItsFullLength() {
    // given
    String longest = ID_CHARS;
    String sibling = longest.substring(0, longest.length() - 1) + "_";
    List<CheckpointRecord> records = List.of(draft(1).id("a").record(), draft(2).id(longest).record(),
        draft(3).id(sibling).record(), draft(4).id("Case-Id").record(), draft(5).id("case-id").record());
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void sessionIdKeepsEveryCharacter() {
    // given
    List<CheckpointRecord> records = List.of(
        DescriptorDraft.of("s", 1).record(),
        DescriptorDraft.of("\uD83D\uDE42".repeat(128), 1).record(),
        DescriptorDraft.of("it's \"quoted\" \\ ; -- %_ *", 1).record(),
        DescriptorDraft.of("日本語-é-ß-Ω-\u0301", 1).record());
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void sequenceKeepsTheWholeLongRange() {
    // given
    long[] sequences = {1, Integer.MAX_VALUE, 1L << 31, (1L << 32) + 1, (1L << 53) + 1, Long.MAX_VALUE};
    List<CheckpointRecord> records = new ArrayList<>();
    for (long seq : sequences) {
      records.add(DescriptorDraft.of(SESSION, seq).record());
    }
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void parentIdIsKeptOrStaysAbsent() {
    // given
    List<CheckpointRecord> records = List.of(draft(1).parent(Optional.empty()).record(),
        draft(2).parent(Optional.of(CheckpointId.of(ID_CHARS))).record(),
        draft(3).parent(Optional.of(TckCheckpoints.idFor(OTHER, 9))).record(),
        draft(4).parent(Optional.of(TckCheckpoints.idFor(SESSION, 1))).record());
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void typeIsKeptForEveryType() {
    // given
    List<CheckpointRecord> records = new ArrayList<>();
    for (CheckpointType t : CheckpointType.values()) {
      records.add(draft(t.ordinal() + 1L).type(t).record());
    }
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void descriptionKeepsAnyText() {
    // given
    StringBuilder longText = new StringBuilder();
    for (int i = 0; longText.length() < 20_000; i++) {
      longText.append("line ").append(i).append(": état ✓ 日本 🙂 \"q\" 'q' \\ ;,=|:\t\r\n");
    }
    List<CheckpointRecord> records = List.of(draft(1).description("").record(),
        draft(2).description("  padded both ends  ").record(), draft(3).description("a\r\nb\nc\rd\te\u0001f").record(),
        draft(4).description("'; DROP TABLE checkpoints; -- /* */ {\"json\": [1]} <xml/> ${x} %s").record(),
        draft(5).description(longText.toString()).record());
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void createdAtKeepsEveryNanosecond() {
    // given
    Instant base = Instant.parse("2031-02-03T04:05:06Z");
    List<CheckpointRecord> records = List.of(draft(1).createdAt(base.plusNanos(1)).record(),
        draft(2).createdAt(base.plusNanos(999_999_999)).record(), draft(3).createdAt(base.plusNanos(123_456_789)).record(),
        draft(4).createdAt(base.plusNanos(1_000)).record(), draft(5).createdAt(base.plusNanos(500)).record());
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void createdAtKeepsFarPastAndFarFutureInstants() {
    // given
    List<Instant> instants = List.of(Instant.MIN, Instant.parse("0001-01-01T00:00:00.000000001Z"),
        Instant.EPOCH.minusNanos(1), Instant.EPOCH, Instant.parse("1677-09-21T00:12:43.145224191Z"),
        Instant.parse("2038-01-19T03:14:08Z"), Instant.parse("2262-04-11T23:47:16.854775808Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.MAX);
    List<CheckpointRecord> records = new ArrayList<>();
    for (int i = 0; i < instants.size(); i++) {
      records.add(draft(i + 1L).createdAt(instants.get(i)).record());
    }
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void labelsAreKeptExactly() {
    // given
    List<CheckpointRecord> records = List.of(draft(1).labels(Map.of()).record(),
        draft(2).labels(Map.of("restoredFrom", TckCheckpoints.idFor(SESSION, 1).value())).record(),
        draft(3).labels(Map.of("a", "1", "b", "2", "c", "3")).record());
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void stateHashIsKeptAsOpaqueText() {
    // given
    List<CheckpointRecord> records = hashes((d, h) -> d.stateHash(h));
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void chainHashIsKeptAsOpaqueText() {
    // given
    List<CheckpointRecord> records = hashes((d, h) -> d.chainHash(h));
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void rawSizeKeepsTheWholeLongRange() {
    // given
    List<CheckpointRecord> records = List.of(draft(1).rawSize(0).record(), draft(2).rawSize(65_536).record(),
        draft(3).rawSize((1L << 32) + 7).record(), draft(4).rawSize(Long.MAX_VALUE).record());
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  @Test
  void storedSizeIsKeptIndependentlyOfRawSize() {
    // given
    List<CheckpointRecord> records = List.of(draft(1).storedSize(0).rawSize(0).record(),
        draft(2).storedSize(70_000).rawSize(3).record(), draft(3).storedSize(5).rawSize(70_000).record(),
        draft(4).storedSize(65_537).rawSize(65_537).record());
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
    records.forEach(this::assertStored);
  }

  @Test
  void compressionIsKeptForEveryValue() {
    // given
    List<CheckpointRecord> records = new ArrayList<>();
    for (Compression c : Compression.values()) {
      records.add(draft(c.ordinal() * 2 + 1L).compression(c).record());
      records.add(draft(c.ordinal() * 2 + 2L).compression(c).type(CheckpointType.RECOVERY_POINT).record());
    }
    // when
    records.forEach(store::append);
    // then
    assertEveryPathReturnsEach(records);
  }

  /** A hash for each shape a store might wrongly parse: upper and mixed case, prefixed, longer, empty. */
  private static List<CheckpointRecord> hashes(java.util.function.BiFunction<DescriptorDraft, String, DescriptorDraft> set) {
    List<String> values = List.of("AB".repeat(32), "aB".repeat(32), "hmac-sha256:" + "0f".repeat(32), "f".repeat(128),
        "", "not hex at all ✓");
    List<CheckpointRecord> records = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      records.add(set.apply(draft(i + 1L), values.get(i)).record());
    }
    return records;
  }
}
