package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.InvalidStateException;
import dev.magnus.rollback.Session;
import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.SessionState;
import dev.magnus.rollback.TypeRef;
import dev.magnus.rollback.store.memory.InMemoryStores;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Typed access to state through the StateMapper (jackson-databind), stored as the same JSON values. */
class TypedStateTest {
  enum Tier { FAST, CHEAP }

  record Hop(String model, int latencyMs) {}

  record Route(String from, Tier tier, List<Hop> hops, Instant decidedAt, Optional<String> note) {}

  record Trip(Route route, long budget, LocalDate day) {}

  /** A plain bean with a no-arg constructor and setters. */
  public static final class Quota {
    private String owner = "";
    private BigDecimal limit = BigDecimal.ZERO;

    public String getOwner() {
      return owner;
    }

    public void setOwner(String owner) {
      this.owner = owner;
    }

    public BigDecimal getLimit() {
      return limit;
    }

    public void setLimit(BigDecimal limit) {
      this.limit = limit;
    }
  }

  /** A class an attacker would like stored state to instantiate. */
  public static final class Gadget {
    static final AtomicInteger CREATED = new AtomicInteger();

    public Gadget() {
      CREATED.incrementAndGet();
    }
  }

  record Holder(Object anything) {}

  private static final Instant T = Instant.parse("2026-12-07T10:15:30.123456789Z");
  private static final Route ROUTE = new Route("gateway", Tier.FAST, List.of(new Hop("small", 40), new Hop("large", 900)),
      T, Optional.of("fallback after timeout"));
  private final SessionRollbackEngine engine = SessionRollback.builder().store(InMemoryStores.create()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  private static SessionState empty() {
    return SessionState.initial("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH), Map.of());
  }

  @Test
  void aRecordWithNestedRecordsEnumsTimeAndOptionalRoundTrips() {
    // when
    SessionState state = empty().with("route", ROUTE);
    // then
    assertEquals(Optional.of(ROUTE), state.get("route", Route.class));
  }

  @Test
  void aTypedValueIsStoredAsTheSameJsonAMapWouldBe() {
    // given
    Map<String, Object> asMap = new LinkedHashMap<>();
    asMap.put("from", "gateway");
    asMap.put("tier", "FAST");
    asMap.put("hops", List.of(Map.of("model", "small", "latencyMs", 40L), Map.of("model", "large", "latencyMs", 900L)));
    asMap.put("decidedAt", "2026-12-07T10:15:30.123456789Z");
    asMap.put("note", "fallback after timeout");
    // when
    SessionState typed = empty().with("route", ROUTE);
    // then
    assertEquals(empty().with("route", asMap).attributes(), typed.attributes());
  }

  @Test
  void genericTypesReadThroughATypeRef() {
    // given
    SessionState state = empty().with("hops", ROUTE.hops());
    // when
    Optional<List<Hop>> hops = state.get("hops", new TypeRef<List<Hop>>() {});
    // then
    assertEquals(Optional.of(ROUTE.hops()), hops);
  }

  @Test
  void plainBeansEnumsDurationsAndEmptyOptionalsRoundTrip() {
    // given
    Quota quota = new Quota();
    quota.setOwner("team-a");
    quota.setLimit(new BigDecimal("12.50"));
    // when
    SessionState state = empty().with("quota", quota).with("tier", Tier.CHEAP).with("wait", Duration.ofMillis(1500))
        .with("note", Optional.empty());
    // then
    Quota back = state.get("quota", Quota.class).orElseThrow();
    assertEquals("team-a", back.getOwner());
    assertEquals(new BigDecimal("12.50"), back.getLimit());
    assertEquals(Optional.of(Tier.CHEAP), state.get("tier", Tier.class));
    assertEquals(Optional.of(Duration.ofMillis(1500)), state.get("wait", Duration.class));
    assertEquals(Optional.empty(), state.get("note", String.class));
  }

  @Test
  void theWholeStateReadsAndUpdatesAsOneRecordAndRollsBack() {
    // given
    Session session = engine.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH));
    session.update(s -> s.with("route", ROUTE).with("budget", 100).with("day", LocalDate.of(2026, 12, 7)));
    Checkpoint before = session.createCheckpoint(CheckpointType.USER_REQUESTED, "budget 100");
    // when
    session.update(Trip.class, t -> new Trip(t.route(), t.budget() - 40, t.day()));
    // then
    assertEquals(60, session.state(Trip.class).budget());
    session.rollbackToCheckpoint(before.id());
    assertEquals(new Trip(ROUTE, 100, LocalDate.of(2026, 12, 7)), session.state(Trip.class));
  }

  @Test
  void aValueThatDoesNotConvertNamesTheKeyThePathAndTheType() {
    // given
    SessionState state = empty().with("route", Map.of("from", "gateway", "tier", "FAST",
        "hops", List.of(Map.of("model", "small", "latencyMs", "forty")), "decidedAt", T.toString()));
    // when
    InvalidStateException e = assertThrows(InvalidStateException.class, () -> state.get("route", Route.class));
    // then
    assertTrue(e.getMessage().startsWith("attributes.route.hops[0].latencyMs does not convert to "
        + Route.class.getName()), e::getMessage);
  }

  @Test
  void aFailedTypedUpdateChangesNothing() {
    // given
    Session session = engine.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH),
        Map.of("route", "not a route"));
    SessionState before = session.getCurrentState();
    // when
    assertThrows(InvalidStateException.class, () -> session.update(Trip.class, t -> t));
    // then
    assertEquals(before, session.getCurrentState());
  }

  @Test
  void typeIdsInStoredStateStayPlainData() {
    // given state whose data names a class, as a forged checkpoint would
    Gadget.CREATED.set(0);
    Map<String, Object> forged = Map.of("@class", Gadget.class.getName(), "value", 1L);
    SessionState state = empty().with("payload", forged).with("wrapped", Map.of("anything", List.of(Gadget.class.getName(),
        Map.of("x", 1L))));
    // when
    Object plain = state.get("payload", Object.class).orElseThrow();
    Holder holder = state.get("wrapped", Holder.class).orElseThrow();
    // then
    assertTrue(plain instanceof Map, () -> "a " + plain.getClass());
    assertTrue(holder.anything() instanceof List, () -> "a " + holder.anything().getClass());
    assertEquals(0, Gadget.CREATED.get(), "no Gadget was built from stored data");
  }

  @Test
  void anObjectMapperWithDefaultTypingIsRefused() {
    // given
    ObjectMapper unsafe = JsonMapper.builder()
        .activateDefaultTyping(LaissezFaireSubTypeValidator.instance, ObjectMapper.DefaultTyping.NON_FINAL).build();
    // when
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SessionRollback.builder().objectMapper(unsafe));
    // then
    assertTrue(e.getMessage().contains("default typing"), e::getMessage);
  }

  @Test
  void theBuildersObjectMapperIsUsedByTheEnginesSessions() {
    // given an application mapper with snake_case names
    ObjectMapper snake = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule()).build();
    try (SessionRollbackEngine custom = SessionRollback.builder().store(InMemoryStores.create()).objectMapper(snake)
        .build()) {
      Session session = custom.initialize("s1", SessionMetadata.of("u", "test", "1", List.of(), Instant.EPOCH),
          Map.of("model", "tiny", "latency_ms", 5));
      // when
      session.update(Hop.class, h -> new Hop("small", h.latencyMs() + 35));
      // then
      assertEquals(Map.of("model", "small", "latency_ms", 40L), session.getCurrentState().attributes());
      assertEquals(new Hop("small", 40), session.state(Hop.class));
    }
  }
}
