/**
 * Small, honest reference implementations of the PR #1 ports, for the demo, the tests and as
 * examples: a rule-based pattern detector over code text (regular expressions, no parsing), a
 * weighted scorer over candidate models, and a phase state machine for the therapeutic loop that
 * refuses illegal transitions. They are not PR #1's real components and make no claim to their
 * accuracy.
 */
@NullMarked
package dev.magnus.rollback.integration.pr1.examples;

import org.jspecify.annotations.NullMarked;
