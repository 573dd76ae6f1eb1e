package com.example.leakyplugin;

import dev.magnus.rollback.core.tckfixture.CoreInternals;

/** A plugin class that reaches into the core engine (ArchitectureRules fixture). */
public final class LeakyPlugin {
  private LeakyPlugin() {}

  /** @return what core returns */
  public static int leak() {
    return CoreInternals.secret();
  }
}
