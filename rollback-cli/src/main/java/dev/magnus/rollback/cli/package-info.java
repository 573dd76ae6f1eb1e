/**
 * The {@code rollback} command line, on picocli: {@code demo} runs a gateway session through the PR #1
 * bridge, recovery, a restart and an integrity check; {@code inspect}, {@code show}, {@code diff},
 * {@code timeline} and {@code verify} read a store (a file store read-only: they never create, change or
 * repair it); {@code repair} plans and, with {@code --yes}, carries out the repair of a damaged file
 * store; {@code restore} rolls a stored session back; {@code tck} runs the conformance kit against a
 * provider. One table of exit codes for every command ({@link dev.magnus.rollback.cli.ExitCodes}): 0 ok,
 * 1 problems found, 2 usage, 3 store unavailable. Messages are written for the person at the command
 * line, not for API callers. Not an API: nothing may depend on this package.
 */
@NullMarked
package dev.magnus.rollback.cli;

import org.jspecify.annotations.NullMarked;
