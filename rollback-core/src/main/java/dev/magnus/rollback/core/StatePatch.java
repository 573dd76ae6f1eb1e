package dev.magnus.rollback.core;

import dev.magnus.rollback.SessionMetadata;
import dev.magnus.rollback.SessionState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Compute, apply and undo the patch a delta checkpoint stores: a JSON Patch (RFC 6902) over the
 * state's {@code attributes} object ({@link DeltaDocument} writes and reads the document around it).
 *
 * <p>JSON Patch rather than JSON Merge Patch (RFC 7396): a merge patch cannot set a value to null
 * (null means "remove"), which this state model allows, and it replaces a whole array where an agent's
 * history grows by appends. The diff emits {@code add}, {@code remove} and {@code replace} only:
 * appends to an array as {@code add} at {@code /-}, a shortened array as removals from its end,
 * changed nested values at their own path. Values shared by identity (unchanged attributes, which
 * {@code SessionState.with} shares) are skipped without being compared. Apply is strict: a path that
 * does not exist, a removal of a missing key or an index out of range fails, and the caller checks
 * the reconstructed state's hash in any case. Written by hand because the JSON Patch libraries work on
 * Jackson trees, and converting a whole state to a tree would cost what the delta saves. Stateless.
 */
final class StatePatch {
  private StatePatch() {}

  /** One operation; {@code value} is unused for remove. */
  record Op(String op, String path, @Nullable Object value) {}

  /**
   * A decoded delta: the patch from a base state to a state, with what it replaced ({@code test}
   * operations before each {@code replace} and {@code remove}, the base's revision and, when it
   * changed, the base's metadata), so that it can also be applied backwards ({@link #inverse}).
   */
  record Delta(String sessionId, long revision, int schemaVersion, @Nullable SessionMetadata metadata,
      long baseRevision, @Nullable SessionMetadata baseMetadata, List<Op> ops) {}

  /** Return the operations that turn {@code base}'s attributes into {@code next}'s. */
  static List<Op> diff(SessionState base, SessionState next) {
    List<Op> ops = new ArrayList<>();
    diffObject("", base.attributes(), next.attributes(), ops);
    return ops;
  }

  private static void diffObject(String path, Map<String, Object> a, Map<String, Object> b, List<Op> ops) {
    if (a == b) {
      return;
    }
    for (Map.Entry<String, Object> e : a.entrySet()) {
      if (!b.containsKey(e.getKey())) {
        String child = path + "/" + escape(e.getKey());
        ops.add(new Op("test", child, e.getValue()));
        ops.add(new Op("remove", child, null));
      }
    }
    for (Map.Entry<String, Object> e : b.entrySet()) {
      Object old = a.get(e.getKey());
      if (old == null && !a.containsKey(e.getKey())) {
        ops.add(new Op("add", path + "/" + escape(e.getKey()), e.getValue()));
      } else if (!same(old, e.getValue())) { // the path is built only for a value that changed
        diffValue(path + "/" + escape(e.getKey()), old, e.getValue(), ops);
      }
    }
  }

  /** Identical or equal: compared without allocating, so unchanged values cost no paths. */
  private static boolean same(@Nullable Object a, @Nullable Object b) {
    return a == b || Objects.equals(a, b);
  }

  @SuppressWarnings("unchecked")
  private static void diffValue(String path, @Nullable Object a, @Nullable Object b, List<Op> ops) {
    if (a == b) {
      return;
    }
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      diffObject(path, (Map<String, Object>) ma, (Map<String, Object>) mb, ops);
    } else if (a instanceof List<?> la && b instanceof List<?> lb) {
      diffList(path, la, lb, ops);
    } else if (!Objects.equals(a, b)) {
      replace(path, a, b, ops);
    }
  }

  private static void diffList(String path, List<?> a, List<?> b, List<Op> ops) {
    int common = Math.min(a.size(), b.size());
    if (a.size() != b.size() && !samePrefix(a, b, common)) {
      replace(path, a, b, ops);
      return;
    }
    for (int i = 0; i < common; i++) {
      if (!same(a.get(i), b.get(i))) {
        diffValue(path + "/" + i, a.get(i), b.get(i), ops);
      }
    }
    for (int i = common; i < b.size(); i++) {
      ops.add(new Op("add", path + "/" + i, b.get(i)));
    }
    for (int i = a.size() - 1; i >= common; i--) {
      ops.add(new Op("test", path + "/" + i, a.get(i)));
      ops.add(new Op("remove", path + "/" + i, null));
    }
  }

  private static void replace(String path, @Nullable Object old, @Nullable Object value, List<Op> ops) {
    ops.add(new Op("test", path, old));
    ops.add(new Op("replace", path, value));
  }

  private static boolean samePrefix(List<?> a, List<?> b, int n) {
    for (int i = 0; i < n; i++) {
      if (a.get(i) != b.get(i) && !Objects.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Apply a decoded delta to its base's state; unchanged attribute values stay shared.
   *
   * @throws IllegalArgumentException if an operation does not apply
   */
  static SessionState apply(SessionState base, Delta delta) {
    return applyAll(base, List.of(delta));
  }

  /**
   * Apply a chain of deltas, oldest first, to {@code base}'s state and build the result once: the
   * operations run against an accumulating set of changed attributes, so that a long chain copies the
   * top level of the state once instead of once per delta. Each delta must have been computed against
   * the revision (and metadata) the previous one produced.
   *
   * @throws IllegalArgumentException if an operation does not apply (the caller applies the deltas
   *     one at a time to find which)
   */
  static SessionState applyAll(SessionState base, List<Delta> deltas) {
    Map<String, Object> original = base.attributes();
    Changes changes = new Changes();
    long revision = base.revision();
    SessionMetadata metadata = base.metadata();
    for (Delta delta : deltas) {
      if (delta.baseRevision() != revision || (delta.baseMetadata() != null && !delta.baseMetadata().equals(metadata))) {
        throw new IllegalArgumentException("the patch was computed against revision " + delta.baseRevision()
            + (delta.baseMetadata() != null ? " and other metadata" : "") + ", its base holds revision " + revision);
      }
      revision = delta.revision();
      metadata = delta.metadata() == null ? metadata : delta.metadata();
      for (Op op : delta.ops()) {
        accumulate(op, original, changes);
      }
    }
    SessionState result = new SessionState(base.sessionId(), metadata, revision, original).withAll(changes.changed);
    for (String key : changes.removed) {
      result = result.without(key);
    }
    return result;
  }

  /**
   * The attributes changed so far over an original: new values, removed keys, and the keys whose
   * value is a mutable copy made here (changed in place by the next nested operation, not copied again).
   */
  private static final class Changes {
    final Map<String, @Nullable Object> changed = new LinkedHashMap<>();
    final Set<String> removed = new HashSet<>();
    final Set<String> owned = new HashSet<>();
  }

  /** Apply one operation to the changes accumulated over {@code original}. */
  private static void accumulate(Op op, Map<String, Object> original, Changes changes) {
    String path = op.path();
    int second = path.indexOf('/', 1);
    // one token without escapes, the common case: no token list
    List<String> tokens = second < 0 && path.startsWith("/") && path.indexOf('~') < 0 ? null : pointer(path);
    String top = tokens == null ? path.substring(1) : tokens.get(0);
    Map<String, @Nullable Object> changed = changes.changed;
    boolean inChanged = changed.containsKey(top);
    boolean present = inChanged || (!changes.removed.contains(top) && original.containsKey(top));
    Object current = inChanged ? changed.get(top) : original.get(top);
    if (tokens != null && tokens.size() > 1) {
      require(present, op);
      Object value = inChanged && changes.owned.contains(top) ? current : thaw(current);
      // a container put into the copy is copied too: the next nested operation may change it in place
      Op own = op.value() instanceof Map<?, ?> || op.value() instanceof List<?>
          ? new Op(op.op(), op.path(), thaw(op.value())) : op;
      applyNested(value, tokens.subList(1, tokens.size()), own);
      changed.put(top, value);
      changes.owned.add(top);
      return;
    }
    if (op.op().equals("test")) {
      require(present && Objects.equals(current, op.value()), op);
    } else if (op.op().equals("remove")) {
      require(present, op);
      changed.remove(top);
      changes.removed.add(top);
      changes.owned.remove(top);
    } else {
      require(present || op.op().equals("add"), op);
      changed.put(top, op.value()); // the patch's own value: copied before any nested change
      changes.removed.remove(top);
      changes.owned.remove(top);
    }
  }

  /**
   * Return the delta that undoes {@code delta}: applied to the state {@code delta} produced, it gives
   * back the base. Each {@code replace} and {@code remove} must follow a {@code test} of the same path
   * (what it replaced), as {@link #diff} writes them.
   *
   * @throws IllegalArgumentException if an operation lacks its test
   */
  static Delta inverse(Delta delta) {
    List<Op> ops = delta.ops();
    List<Op> undo = new ArrayList<>(ops.size());
    for (int i = ops.size() - 1; i >= 0; i--) {
      Op op = ops.get(i);
      switch (op.op()) {
        case "test" -> { }
        case "add" -> undo.add(new Op("remove", op.path(), null));
        default -> {
          Op test = i > 0 ? ops.get(i - 1) : null;
          if (test == null || !test.op().equals("test") || !test.path().equals(op.path())) {
            throw new IllegalArgumentException("patch operation " + op.op() + " " + op.path()
                + " has no test of what it replaced, so it cannot be undone");
          }
          undo.add(new Op(op.op().equals("remove") ? "add" : "replace", op.path(), test.value()));
        }
      }
    }
    return new Delta(delta.sessionId(), delta.baseRevision(), delta.schemaVersion(), delta.baseMetadata(),
        delta.revision(), delta.metadata(), undo);
  }

  @SuppressWarnings("unchecked")
  private static void applyNested(@Nullable Object root, List<String> path, Op op) {
    Object container = root;
    for (int d = 0; d < path.size() - 1; d++) {
      container = child(container, path.get(d), op);
    }
    String last = path.get(path.size() - 1);
    if (op.op().equals("test")) {
      require(Objects.equals(child(container, last, op), op.value()), op);
      return;
    }
    if (container instanceof Map<?, ?> m) {
      Map<String, Object> map = (Map<String, Object>) m;
      require(map.containsKey(last) || op.op().equals("add"), op);
      if (op.op().equals("remove")) {
        map.remove(last);
      } else {
        map.put(last, op.value());
      }
    } else if (container instanceof List<?> l) {
      List<Object> list = (List<Object>) l;
      if (op.op().equals("add") && last.equals("-")) {
        list.add(op.value());
        return;
      }
      int index = index(last, op);
      require(index < list.size() || (op.op().equals("add") && index == list.size()), op);
      switch (op.op()) {
        case "add" -> list.add(index, op.value());
        case "remove" -> list.remove(index);
        default -> list.set(index, op.value());
      }
    } else {
      throw new IllegalArgumentException("patch path " + op.path() + " goes through a value that is not an object or array");
    }
  }

  private static @Nullable Object child(@Nullable Object container, String token, Op op) {
    if (container instanceof Map<?, ?> m) {
      require(m.containsKey(token), op);
      return m.get(token);
    }
    if (container instanceof List<?> l) {
      int index = index(token, op);
      require(index < l.size(), op);
      return l.get(index);
    }
    throw new IllegalArgumentException("patch path " + op.path() + " goes through a value that is not an object or array");
  }

  private static int index(String token, Op op) {
    if (token.isEmpty() || token.length() > 9 || !token.chars().allMatch(ch -> ch >= '0' && ch <= '9')
        || (token.length() > 1 && token.charAt(0) == '0')) {
      throw new IllegalArgumentException("patch path " + op.path() + " has '" + token + "' where an array index belongs");
    }
    return Integer.parseInt(token);
  }

  private static void require(boolean condition, Op op) {
    if (!condition) {
      throw new IllegalArgumentException("patch operation " + op.op() + " " + op.path() + " does not apply to its base");
    }
  }

  /** Deep mutable copy of a frozen value, for the nested operations of one attribute. */
  private static @Nullable Object thaw(@Nullable Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, m.size() * 2));
      m.forEach((k, v) -> copy.put((String) k, thaw(v)));
      return copy;
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size() + 4);
      l.forEach(v -> copy.add(thaw(v)));
      return copy;
    }
    return value;
  }

  /** Escape one key as a JSON Pointer token (RFC 6901). */
  static String escape(String key) {
    return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
  }

  /** Split a JSON Pointer into unescaped tokens; the root pointer is refused (a patch names attributes). */
  static List<String> pointer(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("patch path '" + path + "' is not a JSON Pointer below the attributes");
    }
    List<String> tokens = new ArrayList<>();
    int start = 1;
    while (true) {
      int slash = path.indexOf('/', start);
      String raw = slash < 0 ? path.substring(start) : path.substring(start, slash);
      tokens.add(raw.indexOf('~') < 0 ? raw : unescape(raw, path));
      if (slash < 0) {
        return tokens;
      }
      start = slash + 1;
    }
  }

  private static String unescape(String token, String path) {
    StringBuilder b = new StringBuilder(token.length());
    for (int i = 0; i < token.length(); i++) {
      char ch = token.charAt(i);
      if (ch != '~') {
        b.append(ch);
      } else if (i + 1 < token.length() && (token.charAt(i + 1) == '0' || token.charAt(i + 1) == '1')) {
        b.append(token.charAt(++i) == '0' ? '~' : '/');
      } else {
        throw new IllegalArgumentException("patch path '" + path + "' has a '~' that is not ~0 or ~1");
      }
    }
    return b.toString();
  }

}
