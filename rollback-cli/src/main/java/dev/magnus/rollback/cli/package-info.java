/**
 * The {@code rollback} command line, on picocli: {@code rollback demo} runs the whole checkpoint,
 * rollback, recovery and resume cycle on the configured store and prints what happened. Not an API:
 * nothing may depend on this package.
 */
package dev.magnus.rollback.cli;
