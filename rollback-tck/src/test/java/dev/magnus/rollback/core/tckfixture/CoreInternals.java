package dev.magnus.rollback.core.tckfixture;

/** Stand in for a class of rollback-core, which a plugin must never use (ArchitectureRules fixture). */
public final class CoreInternals {
  private CoreInternals() {}

  /** Return something a careless plugin might call. @return a number */
  public static int secret() {
    return 42;
  }
}
