/** A fixture standing in for rollback-core's packages in the ArchitectureRules tests; not part of the TCK. */
package dev.magnus.rollback.core.tckfixture;
