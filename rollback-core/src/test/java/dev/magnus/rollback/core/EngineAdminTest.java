package dev.magnus.rollback.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.SessionPage;
import dev.magnus.rollback.SessionRollbackEngine;
import dev.magnus.rollback.spi.CheckpointStore;
import dev.magnus.rollback.store.memory.InMemoryStores;
import dev.magnus.rollback.tck.InjectingStore;
import dev.magnus.rollback.tck.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Engine-level queries at scale and their bad input. */
class EngineAdminTest {
  @Test
  void pagingThroughTenThousandStoredSessionsReadsNoState() {
    // given ten thousand sessions written by one engine, and a second engine counting store reads
    CheckpointStore backing = InMemoryStores.create();
    ManualClock clock = new ManualClock(Fixtures.T0);
    try (SessionRollbackEngine writer = Fixtures.engine(InjectingStore.view(backing), clock, RollbackConfig.ofDefaults())) {
      for (int i = 0; i < 10_000; i++) {
        writer.initialize(String.format("s-%05d", i), Fixtures.metadata()).close();
      }
    }
    InjectingStore counted = InjectingStore.view(backing);
    AtomicInteger reads = new AtomicInteger();
    counted.onRead(r -> {
      reads.incrementAndGet();
      return r;
    });
    List<String> all = new ArrayList<>();
    try (SessionRollbackEngine engine = Fixtures.engine(counted, clock, RollbackConfig.ofDefaults())) {
      // when
      SessionPage page = engine.sessions("", 1_000);
      all.addAll(page.sessionIds());
      while (page.nextCursor().isPresent()) {
        page = engine.sessions(page.nextCursor().get(), 1_000);
        all.addAll(page.sessionIds());
      }
      // then
      assertEquals(10_000, all.size());
      assertEquals(all.stream().sorted().distinct().toList(), all, "ascending, each once");
      assertEquals(0, reads.get(), "no checkpoint was read");
      assertTrue(engine.openSessions().isEmpty());
    } finally {
      backing.close();
    }
  }

  @Test
  void aPageLimitBelowOneIsRefusedNamingTheValue() {
    try (SessionRollbackEngine engine = Fixtures.engine(InMemoryStores.create(), new ManualClock(Fixtures.T0),
        RollbackConfig.ofDefaults())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.sessions("", 0));
      assertTrue(e.getMessage().contains("limit must be >= 1, was 0"), e::getMessage);
    }
  }
}
