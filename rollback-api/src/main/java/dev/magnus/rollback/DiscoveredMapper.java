package dev.magnus.rollback;

import java.util.Iterator;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/** The {@link StateMapper} found with ServiceLoader, loaded on first use and kept once found. */
final class DiscoveredMapper {
  private static volatile @Nullable StateMapper found;

  private DiscoveredMapper() {}

  static StateMapper get() {
    StateMapper mapper = found;
    if (mapper == null) {
      Iterator<StateMapper> candidates = ServiceLoader.load(StateMapper.class, StateMapper.class.getClassLoader())
          .iterator();
      if (!candidates.hasNext()) {
        throw new IllegalStateException("typed state access needs a StateMapper and none is on the class path: add the "
            + "dependency dev.magnus.rollback:rollback-core");
      }
      mapper = candidates.next();
      found = mapper;
    }
    return mapper;
  }
}
