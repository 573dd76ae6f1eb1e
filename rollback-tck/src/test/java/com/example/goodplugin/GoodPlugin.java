package com.example.goodplugin;

import dev.magnus.rollback.CheckpointId;
import dev.magnus.rollback.spi.StoreCapability;
import java.util.Set;

/** A plugin class that uses only the API and the SPI (ArchitectureRules fixture). */
public final class GoodPlugin {
  private GoodPlugin() {}

  /** @return capabilities, touching the SPI */
  public static Set<StoreCapability> capabilities() {
    return Set.of(StoreCapability.DURABLE);
  }

  /** @return an id, touching the API */
  public static CheckpointId id() {
    return CheckpointId.of("good");
  }
}
