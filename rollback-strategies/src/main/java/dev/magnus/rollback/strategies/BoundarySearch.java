package dev.magnus.rollback.strategies;

import dev.magnus.rollback.ProgressiveMode;
import java.util.function.IntPredicate;

/*
 * Finds the first failing index of a sequence 0..n-1 given a predicate "index i passes".
 *
 * LINEAR probes 0, 1, 2, ... and stops at the first failure: it makes no assumption about the
 * sequence and costs up to n probes. BISECT assumes the sequence is monotone (every index passes
 * up to some boundary k and every index from k on fails: corruption spreads forward) and finds k in
 * at most ceil(log2(n + 1)) probes with a lower-bound binary search over [0, n]. On a monotone
 * sequence both return the same k; on a non-monotone one BISECT returns some pass/fail boundary,
 * not necessarily the first. Both return n when no index fails. Stateless.
 */
enum BoundarySearch {
  LINEAR {
    @Override
    int firstFailing(int n, IntPredicate passes) {
      int i = 0;
      while (i < n && passes.test(i)) {
        i++;
      }
      return i;
    }
  },
  BISECT {
    @Override
    int firstFailing(int n, IntPredicate passes) {
      int low = 0;
      int high = n;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (passes.test(mid)) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }
  };

  /**
   * Return the first index that fails, or n when none does.
   */
  abstract int firstFailing(int n, IntPredicate passes);

  /** The search for a {@code recovery.progressive.mode}. */
  static BoundarySearch forMode(ProgressiveMode mode) {
    return mode == ProgressiveMode.BISECT ? BISECT : LINEAR;
  }
}
