/** Golden data of every storage format and the test that today's code reads it. */
@org.jspecify.annotations.NullMarked
package dev.magnus.rollback.cli.golden;
