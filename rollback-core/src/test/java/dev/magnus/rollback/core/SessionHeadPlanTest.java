package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionHead#planAfter} answers "nothing to delete" without scanning the session when the
 * count is within {@code maxCheckpoints} and no unpinned checkpoint has expired. Its answer must be
 * exactly {@link Retention#plan}'s over the live checkpoints plus the next one, whatever the history:
 * random appends (creation times that also go backwards, as a clock may), deletions, reloads, pinned
 * types that change between calls, retention by count and by age.
 */
class SessionHeadPlanTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final CheckpointType[] TYPES = CheckpointType.values();

  @Test
  void planAfterAgreesWithAFullRetentionPlanOverRandomHistories() {
    int[] taken = histories(new SplittableRandom(19), false, false);
    assertTrue(taken[0] > 1000 && taken[1] > 1000, "both ways were taken: " + taken[0] + " short cuts, "
        + taken[1] + " deletions");
  }

  @Test
  void planAfterAgreesOverHistoriesInClockOrderWithProtectedAndLinkedCheckpoints() {
    // creation times in order (the prefix path), large counts (retention by age alone), checkpoints
    // protected by a running rollback, and some that link to a base (delta checkpoints: the full plan)
    int[] taken = histories(new SplittableRandom(23), true, true);
    assertTrue(taken[0] > 1000 && taken[1] > 1000 && taken[2] > 100, "every way was taken: " + taken[0]
        + " short cuts, " + taken[1] + " deletions, " + taken[2] + " protected from a plan");
  }

  /** Run random histories against the full plan; returns {short cuts, deletions, protected ids spared}. */
  private static int[] histories(SplittableRandom random, boolean inClockOrder, boolean protectAndLink) {
    int[] taken = new int[3];
    for (int history = 0; history < 300; history++) {
      SessionHead head = new SessionHead(List.of(), -1);
      List<Checkpoint> live = new ArrayList<>();
      long sequence = 0;
      Instant clock = T0;
      CheckpointConfig sticky = config(random, inClockOrder);
      for (int step = 0; step < 60; step++) {
        clock = clock.plusSeconds(random.nextInt(inClockOrder ? 0 : -60, 240));
        CheckpointConfig config = step % 7 == 0 ? config(random, inClockOrder) : sticky;
        boolean links = protectAndLink && random.nextInt(6) == 0;
        Checkpoint next = checkpoint(++sequence, TYPES[random.nextInt(TYPES.length)], clock, links);
        Set<CheckpointId> protect = protectAndLink ? protectSome(live, random) : Set.of();
        Retention.Plan expected = Retention.plan(with(live, next), config, clock, protect);
        Retention.Plan actual = head.planAfter(next, config, clock, protect);
        assertEquals(expected, actual, "history " + history + " step " + step + " with " + live.size() + " live");
        boolean withinCount = live.size() + 1 <= config.maxCheckpoints();
        if (protect.isEmpty()) { // an expired but protected checkpoint may cost a full plan that deletes nothing
          assertEquals(withinCount && expected.equals(Retention.Plan.NONE), actual == Retention.Plan.NONE,
              "the short cut is taken exactly when nothing is over the count or expired; history " + history + " step " + step);
        }
        taken[0] += actual == Retention.Plan.NONE ? 1 : 0;
        taken[2] += protect.isEmpty() || !Retention.plan(with(live, next), config, clock, Set.of()).doomed().stream()
            .anyMatch(protect::contains) ? 0 : 1;
        taken[1] += step(random, head, live, next, sequence, actual);
      }
    }
    return taken;
  }

  /** A reload, deletions without an append, or the append with the plan's deletions; returns how many were deleted. */
  private static int step(SplittableRandom random, SessionHead head, List<Checkpoint> live, Checkpoint next,
      long sequence, Retention.Plan plan) {
    switch (random.nextInt(10)) {
      case 0 -> { // a reload, as a resume does
        head.reload(List.copyOf(live), sequence);
        return 0;
      }
      case 1, 2 -> { // deletions without an append (a sweep, a delete)
        List<CheckpointId> gone = live.stream().filter(c -> random.nextInt(3) == 0).map(Checkpoint::id).toList();
        if (!gone.isEmpty()) {
          live.removeIf(c -> gone.contains(c.id()));
          head.deleted(gone);
        }
        return gone.size();
      }
      default -> { // the append, with what the plan deleted
        live.add(next);
        head.appended(next, sequence);
        if (!plan.doomed().isEmpty()) { // as the engine does
          live.removeIf(c -> plan.doomed().contains(c.id()));
          head.deleted(plan.doomed());
        }
        return plan.doomed().size();
      }
    }
  }

  private static Set<CheckpointId> protectSome(List<Checkpoint> live, SplittableRandom random) {
    if (live.isEmpty() || random.nextInt(3) != 0) {
      return Set.of();
    }
    return Set.of(live.get(random.nextInt(Math.min(live.size(), 8))).id());
  }

  @Test
  void aCheckpointAppendedAfterAShortCutCountsInTheNextPlan() {
    // given: an empty session planned once (nothing to delete), then its first checkpoint appended
    CheckpointConfig config = CheckpointConfig.custom().maxCheckpoints(10).retention(Duration.ofSeconds(100))
        .pinnedTypes(Set.of()).build();
    SessionHead head = new SessionHead(List.of(), -1);
    Checkpoint first = checkpoint(1, CheckpointType.USER_REQUESTED, T0);
    assertSame(Retention.Plan.NONE, head.planAfter(first, config, T0, Set.of()));
    head.appended(first, 1);

    // when: the next one comes after the first has expired
    Checkpoint second = checkpoint(2, CheckpointType.USER_REQUESTED, T0.plusSeconds(200));
    Retention.Plan plan = head.planAfter(second, config, T0.plusSeconds(200), Set.of());

    // then
    assertEquals(List.of(first.id()), plan.doomed());
  }

  private static CheckpointConfig config(SplittableRandom random, boolean large) {
    Set<CheckpointType> pinned = switch (random.nextInt(3)) {
      case 0 -> Set.of();
      case 1 -> Set.of(CheckpointType.SESSION_START);
      default -> Set.of(CheckpointType.SESSION_START, CheckpointType.USER_REQUESTED, CheckpointType.AUTO_PERIODIC);
    };
    Duration retention = random.nextInt(3) == 0 ? Duration.ZERO : Duration.ofSeconds(random.nextInt(30, 900));
    int max = large && random.nextBoolean() ? 1_000 : random.nextInt(2, 40);
    return CheckpointConfig.custom().maxCheckpoints(max).retention(retention).pinnedTypes(pinned).build();
  }

  private static List<Checkpoint> with(List<Checkpoint> live, Checkpoint next) {
    List<Checkpoint> after = new ArrayList<>(live);
    after.add(next);
    return after;
  }

  private static Checkpoint checkpoint(long sequence, CheckpointType type, Instant createdAt) {
    return checkpoint(sequence, type, createdAt, false);
  }

  /** With {@code links}, a delta whose base is the checkpoint before it (so retention may have to spare that one). */
  private static Checkpoint checkpoint(long sequence, CheckpointType type, Instant createdAt, boolean links) {
    Map<String, String> labels = links && sequence > 1
        ? Map.of(Checkpoint.ENCODING, Checkpoint.DELTA, Checkpoint.BASE, "c-" + (sequence - 1)) : Map.of();
    return new Checkpoint(CheckpointId.of("c-" + sequence), "s", sequence, Optional.empty(), type, "step",
        createdAt, labels, "h" + sequence, "chain" + sequence, 10, 10, Compression.NONE);
  }
}
