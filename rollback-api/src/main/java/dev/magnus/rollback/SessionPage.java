package dev.magnus.rollback;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of stored session ids, in ascending order, from {@link SessionRollbackEngine#sessions}.
 * Immutable.
 *
 * @param sessionIds the ids of this page; no state is loaded
 * @param nextCursor the cursor that asks for the next page; empty on the last page
 */
public record SessionPage(List<String> sessionIds, Optional<String> nextCursor) {
  /** Validate and copy. */
  public SessionPage {
    sessionIds = List.copyOf(Objects.requireNonNull(sessionIds, "sessionIds"));
    Objects.requireNonNull(nextCursor, "nextCursor");
  }
}
