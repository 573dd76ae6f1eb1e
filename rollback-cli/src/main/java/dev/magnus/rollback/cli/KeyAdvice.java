package dev.magnus.rollback.cli;

import org.jspecify.annotations.Nullable;

/*
 * What the CLI says when the HMAC key is the problem rather than the checkpoints: a key variable that
 * is named but not set, or checkpoints that are intact but hashed with another key (or none) than the
 * command used. Both name the variable and how to supply it, so that a keyed store read without its
 * key is never reported as damaged. Stateless.
 */
final class KeyAdvice {
  private KeyAdvice() {}

  /** The variable is named (option or rollback.integrity.hmacKeyEnv) but not set. */
  static String unset(String variable, String command) {
    return "--hmac-key-env " + variable + ": the environment variable " + variable + " is not set (or is empty), so "
        + "the HMAC key the checkpoints were written with is missing; export it and run again: `" + variable
        + "=<the key> " + command + " --hmac-key-env " + variable + " ...`";
  }

  /** Every checkable checkpoint of the session is intact but fails both hashes under the key used. */
  static String otherKey(@Nullable String variable, String session, String command) {
    if (variable == null) {
      return "the checkpoints of session '" + session + "' were written with an HMAC key, and this run has none: "
          + "their payloads are intact, but every state hash and chain hash differs from plain SHA-256 (they are "
          + "not damaged). Name the environment variable that holds the key, as the writer's integrity.hmacKeyEnv "
          + "does: `ROLLBACK_HMAC_KEY=<the key> " + command + " --hmac-key-env ROLLBACK_HMAC_KEY ...` (or "
          + "-Drollback.integrity.hmacKeyEnv=ROLLBACK_HMAC_KEY)";
    }
    return "the checkpoints of session '" + session + "' were not hashed with the HMAC key in " + variable + ": their "
        + "payloads are intact, but every state hash and chain hash differs (they are not damaged). Put the key "
        + "they were written with in " + variable + ", or drop --hmac-key-env if they were written without one";
  }
}
