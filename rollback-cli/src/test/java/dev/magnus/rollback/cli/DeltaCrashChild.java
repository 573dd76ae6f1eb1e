package dev.magnus.rollback.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.RollbackResult;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionNotFoundException;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.core.SessionRollback;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.file.FileStores;
import dev.magnus.rollback.store.file.FsyncPolicy;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The child JVM of {@link DeltaKillNineTest}: {@code <dir> <seed>} opens the file store in {@code dir}
 * ({@code fsync: always}, 64 KiB segments) under an engine with delta checkpoints on, resumes session
 * {@value #SESSION} (or starts it) and then changes and checkpoints it forever, with a rollback now and
 * then. After each call returns it prints one line: {@code CALL}, an {@code ACK:<id>:<sequence>:<kind>:<state
 * hash>:<json hash>} for each checkpoint the call wrote, a {@code GONE:<id>} for each checkpoint that was
 * listed before the call and is not after it (deleted by retention), then {@code END}. A line cut short by
 * the kill has no {@code END}, and the parent ignores it.
 */
final class DeltaCrashChild {
  static final String SESSION = "crash";
  static final int MAX_CHECKPOINTS = 4;
  static final int MAX_CHAIN = 3;
  private static final int SMALL_ATTRIBUTES = 40;
  private static final int HISTORY = 12;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final Session session;
  private final SplittableRandom random;
  private Set<CheckpointId> listed;
  private long step;

  private DeltaCrashChild(Session session, SplittableRandom random) {
    this.session = session;
    this.random = random;
    this.listed = ids(session.checkpoints());
  }

  /** The configuration the child writes with and the parent reads with. */
  static RollbackConfig config() {
    return RollbackConfig.custom().checkpoint(CheckpointConfig.custom().maxCheckpoints(MAX_CHECKPOINTS)
        .retention(Duration.ZERO).retentionSweep(Duration.ZERO).delta(new DeltaConfig(true, MAX_CHAIN, 0.5)).build())
        .build();
  }

  static SessionRollbackEngine engine(Path dir) {
    CheckpointStore store = FileStores.builder(dir).fsync(FsyncPolicy.ALWAYS).segmentBytes(64 * 1024).open();
    return SessionRollback.builder().config(config()).store(store).build();
  }

  /** Return the SHA-256 of the attributes as JSON with sorted keys (numbers print the same whatever their type). */
  static String jsonHash(SessionState state) {
    try {
      byte[] json = JSON.writeValueAsString(state.attributes()).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Return how a checkpoint is stored: {@code delta}, {@code linked} (a full snapshot with a base) or {@code full}. */
  static String kind(Checkpoint c) {
    if (c.deltaBase().isPresent()) {
      return "delta";
    }
    return c.label(Checkpoint.BASE).isPresent() ? "linked" : "full";
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
    try (SessionRollbackEngine engine = engine(dir)) {
      DeltaCrashChild child = new DeltaCrashChild(open(engine, random), random);
      while (true) {
        child.step();
      }
    }
  }

  private static Session open(SessionRollbackEngine engine, SplittableRandom random) {
    try {
      return engine.resume(SESSION);
    } catch (SessionNotFoundException e) {
      Map<String, Object> attributes = new LinkedHashMap<>();
      for (int i = 0; i < SMALL_ATTRIBUTES; i++) {
        attributes.put(key(i), "initial value of attribute " + i + " " + random.nextLong());
      }
      attributes.put("history", List.of());
      Session session = engine.initialize(SESSION, SessionMetadata.of("crash-user", "crash", "1", List.of(),
          Instant.EPOCH), attributes);
      Checkpoint start = session.checkpoints().get(0);
      System.out.println("CALL " + ack(start, session.getCurrentState()) + " END");
      return session;
    }
  }

  private void step() {
    step++;
    List<String> acks = new ArrayList<>();
    List<Checkpoint> live = session.checkpoints();
    if (random.nextInt(10) == 0 && live.size() > 1) {
      SessionState before = session.getCurrentState();
      RollbackResult r = session.rollbackToCheckpoint(live.get(random.nextInt(live.size() - 1)).id());
      acks.add(ack(r.preRollback(), before));
      acks.add(ack(r.recoveryPoint(), r.restoredState()));
    } else {
      session.update(this::change);
      Checkpoint c = session.createCheckpoint(CheckpointType.USER_REQUESTED, "step " + step);
      acks.add(ack(c, session.getCurrentState()));
    }
    Set<CheckpointId> now = ids(session.checkpoints());
    String gone = listed.stream().filter(id -> !now.contains(id)).map(id -> " GONE:" + id.value())
        .collect(Collectors.joining());
    listed = now;
    System.out.println("CALL " + String.join(" ", acks) + gone + " END");
  }

  /** Change one to three small attributes and the history; now and then set or drop a big one (a full snapshot). */
  private SessionState change(SessionState s) {
    SessionState next = s;
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      next = next.with(key(random.nextInt(SMALL_ATTRIBUTES)), "step " + step + " value " + random.nextLong());
    }
    List<Object> history = new ArrayList<>((List<?>) next.get("history").orElse(List.of()));
    history.add(Map.of("step", step, "text", "message " + random.nextInt()));
    next = next.with("history", history.subList(Math.max(0, history.size() - HISTORY), history.size()));
    int roll = random.nextInt(20);
    if (roll == 0) {
      next = next.with("big", randomText(20_000 + random.nextInt(40_000)));
    } else if (roll == 1) {
      next = next.without("big");
    } else if (roll == 2) {
      next = next.with("nested", Map.of("step", step, "flags", List.of(random.nextBoolean(), "x")));
    }
    return next;
  }

  private String randomText(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append((char) ('a' + random.nextInt(26)));
    }
    return b.toString();
  }

  private static String ack(Checkpoint c, SessionState state) {
    return "ACK:" + c.id().value() + ":" + c.sequence() + ":" + kind(c) + ":" + c.stateHash() + ":" + jsonHash(state);
  }

  private static Set<CheckpointId> ids(List<Checkpoint> checkpoints) {
    return checkpoints.stream().map(Checkpoint::id).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static String key(int i) {
    return String.format("attr%02d", i);
  }
}
