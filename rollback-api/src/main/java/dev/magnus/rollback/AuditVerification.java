package dev.magnus.rollback;

import java.util.Optional;

/**
 * Report whether an audit chain verified.
 *
 * @param valid true when every entry's hash matches and links to its predecessor
 * @param entriesChecked how many entries were checked
 * @param firstBadEntryId the first entry that failed, if any
 * @param problem what failed, empty when valid
 */
public record AuditVerification(boolean valid, int entriesChecked, Optional<Long> firstBadEntryId, String problem) {}
