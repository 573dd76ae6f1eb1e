/**
 * The {@code rollback} command line, on picocli: {@code demo} runs a gateway session through the PR #1
 * bridge, recovery, a restart and an integrity check; {@code inspect} and {@code verify} read a store
 * (a file store read-only: they never change or repair it), {@code repair} plans and, with
 * {@code --yes}, carries out the repair of a damaged file store, {@code restore} rolls a stored session
 * back; {@code tck} runs the conformance kit against a provider. Exit codes: 0 success, 1 a problem
 * found or the operation failed, 2 bad usage or input, 3 ({@code repair}) damage found and nothing
 * changed. Not an API: nothing may depend on this package.
 */
@NullMarked
package dev.magnus.rollback.cli;

import org.jspecify.annotations.NullMarked;
