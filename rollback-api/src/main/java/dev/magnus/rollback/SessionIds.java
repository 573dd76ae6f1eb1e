package dev.magnus.rollback;

/**
 * Validate session ids at every public entry.
 *
 * <p>A session id is 1 to 256 characters, not blank, without control characters (NUL included).
 * Anything else is allowed, including {@code /}, {@code ..} and non-ASCII letters: stores must
 * encode ids before they touch a file system or a query. Thread-safe (stateless).
 */
public final class SessionIds {
  /** The longest session id accepted, in UTF-16 chars. */
  public static final int MAX_LENGTH = 256;

  private SessionIds() {}

  /**
   * Check a session id and return it.
   *
   * @param sessionId the id to check
   * @return the same id
   * @throws IllegalArgumentException naming the value and the rule when it is null, blank, too long
   *     or holds a control character
   */
  public static String require(String sessionId) {
    if (sessionId == null) {
      throw new IllegalArgumentException("sessionId is null: pass a non-blank id of at most " + MAX_LENGTH + " characters");
    }
    if (sessionId.isBlank()) {
      throw new IllegalArgumentException("sessionId '" + sessionId + "' is blank: pass a non-blank id of at most "
          + MAX_LENGTH + " characters");
    }
    if (sessionId.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("sessionId of " + sessionId.length() + " characters is too long: at most "
          + MAX_LENGTH + " are allowed (starts with '" + sessionId.substring(0, 40) + "')");
    }
    for (int i = 0; i < sessionId.length(); i++) {
      if (Character.isISOControl(sessionId.charAt(i))) {
        throw new IllegalArgumentException("sessionId '" + sessionId.replaceAll("\\p{Cntrl}", "?")
            + "' holds a control character at index " + i + ": remove it");
      }
    }
    return sessionId;
  }
}
