/**
 * PR #1 integration: the pattern engine, convergence scorer and therapeutic loop of PR #1 as ports
 * ({@link dev.magnus.rollback.integration.pr1.MagnusPatternEngine},
 * {@link dev.magnus.rollback.integration.pr1.ConvergenceScorer},
 * {@link dev.magnus.rollback.integration.pr1.TherapeuticLoop}) with their value records, and a
 * {@link dev.magnus.rollback.integration.pr1.RollbackBridge} bound to one session that records each
 * event in the session state under {@code pr1.*} attributes, takes the matching automatic checkpoint
 * and hands a component's failure to recovery; the bridge also decorates any implementation of a port
 * so that existing PR #1 code gets all this without changes. Depends on rollback-api only.
 */
@NullMarked
package dev.magnus.rollback.integration.pr1;

import org.jspecify.annotations.NullMarked;
