package dev.magnus.rollback.core;

import dev.magnus.rollback.AuditAction;
import dev.magnus.rollback.Outcome;
import dev.magnus.rollback.SessionObserver;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Deliver events to observers, isolating each observer from the operation and from the others.
 *
 * <p>Events are queued while an operation holds the session lock ({@link Pending}) and delivered
 * after it is released, so observers never run under a lock and never see an uncommitted change. An
 * observer that throws is logged and audited as OBSERVER_FAILED and reported to every observer's
 * {@code observerFailed}; delivery goes on. Thread-safe.
 */
final class ObserverBus {
  private static final System.Logger LOG = System.getLogger(ObserverBus.class.getName());
  private final List<SessionObserver> observers = new CopyOnWriteArrayList<>();
  private final AuditTrail audit;

  ObserverBus(AuditTrail audit, List<SessionObserver> initial) {
    this.audit = audit;
    observers.addAll(initial);
  }

  void add(SessionObserver observer) {
    observers.add(observer);
  }

  boolean remove(SessionObserver observer) {
    return observers.remove(observer);
  }

  /** Events of one operation, delivered once it has released its lock. Not thread-safe. */
  final class Pending {
    private final String sessionId;
    private final List<Event> events = new java.util.ArrayList<>(4);

    private Pending(String sessionId) {
      this.sessionId = sessionId;
    }

    void add(String name, Consumer<SessionObserver> call) {
      events.add(new Event(name, call));
    }

    void deliver() {
      for (Event event : events) {
        for (SessionObserver observer : observers) {
          notifyOne(observer, event);
        }
      }
      events.clear();
    }

    private void notifyOne(SessionObserver observer, Event event) {
      try {
        event.call.accept(observer);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw (VirtualMachineError) e;
        }
        LOG.log(Level.WARNING, "observer " + observer.getClass().getName() + " failed on " + event.name
            + " of session '" + sessionId + "'", e);
        audit.record(AuditAction.OBSERVER_FAILED, sessionId, Outcome.FAILURE, Map.of(
            "observer", observer.getClass().getName(), "event", event.name, "error", String.valueOf(e)));
        reportFailure(event.name, e);
      }
    }

    /** Tell every observer that one failed; a failure here is logged only, never reported again. */
    private void reportFailure(String event, Throwable error) {
      for (SessionObserver observer : observers) {
        try {
          observer.observerFailed(sessionId, event, error);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "observer " + observer.getClass().getName() + " failed on observerFailed", e);
        }
      }
    }
  }

  private record Event(String name, Consumer<SessionObserver> call) {}

  Pending pending(String sessionId) {
    return new Pending(sessionId);
  }
}
