package dev.magnus.rollback.core.config;

import dev.magnus.rollback.AuditConfig;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.CompressionConfig;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.ProgressiveMode;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.StateConfig;
import dev.magnus.rollback.StorageConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Bind a {@link ConfigNode} tree to a {@link RollbackConfig}, section by section, through the API's
 * own builders and constructors so the rules live in one place (the API). The key names here are
 * the paths that the API's error messages use, except for the {@code …Ms} keys: the API takes a
 * {@code Duration} named without the unit, so their lower bounds and the delay ordering are checked
 * here in milliseconds, to report the key and the value as written. Sections without a builder (compression, integrity,
 * audit) are rebuilt one field at a time from a valid value, so every bad field is reported, not
 * only the first. Thread-safe (stateless).
 */
final class ConfigBinder {
  /** The texts of {@code recovery.progressive.mode}: the constants' names, upper case. */
  private static final Map<String, ProgressiveMode> PROGRESSIVE_MODES = byText(ProgressiveMode.values(), Enum::name);
  /** The texts of {@code compression.codec}: the codecs' names, lower case; NONE is {@code enabled: false}. */
  private static final Map<String, Compression> CODECS = byText(new Compression[] {Compression.DEFLATE},
      c -> c.name().toLowerCase(Locale.ROOT));

  private ConfigBinder() {}

  private static <E> Map<String, E> byText(E[] values, Function<E, String> text) {
    Map<String, E> map = new LinkedHashMap<>();
    for (E value : values) {
      map.put(text.apply(value), value);
    }
    return Collections.unmodifiableMap(map);
  }

  /** Bind; returns null when a problem was recorded. */
  static @Nullable RollbackConfig bind(ConfigNode.MapNode tree, Problems problems) {
    Section root = Section.root(tree, problems);
    CheckpointConfig checkpoint = checkpoint(root.section("checkpoint"), problems);
    RecoveryConfig recovery = recovery(root.section("recovery"), problems);
    StorageConfig storage = storage(root.section("storage"), problems);
    CompressionConfig compression = compression(root.section("compression"));
    IntegrityConfig integrity = integrity(root.section("integrity"));
    AuditConfig audit = audit(root.section("audit"));
    StateConfig state = state(root.section("state"));
    root.finish();
    if (checkpoint == null || recovery == null || storage == null || !problems.isEmpty()) {
      return null;
    }
    return RollbackConfig.custom().checkpoint(checkpoint).recovery(recovery).storage(storage)
        .compression(compression).integrity(integrity).audit(audit).state(state).build();
  }

  private static @Nullable CheckpointConfig checkpoint(Section s, Problems problems) {
    int before = problems.count();
    CheckpointConfig.Builder b = CheckpointConfig.custom();
    s.integer("maxCheckpoints", b::maxCheckpoints);
    s.millis("retentionMs", 0, b::retention);
    s.millis("minIntervalMs", 0, b::minInterval);
    Section auto = s.section("autoCheckpoint");
    auto.bool("onPatternDetection", b::onPatternDetection);
    auto.bool("onScoringDecision", b::onScoringDecision);
    auto.bool("onTherapeuticPhase", b::onTherapeuticPhase);
    auto.millis("periodicMs", 0, b::periodic);
    s.enumSet("pinnedTypes", CheckpointType.class, "checkpoint type", b::pinnedTypes);
    s.bool("asyncCheckpoints", b::asyncCheckpoints);
    s.millis("checkpointTimeoutMs", 1, b::checkpointTimeout);
    s.longValue("maxStateBytes", b::maxStateBytes);
    s.optionalMillis("retentionSweepMs", 0, d -> d.ifPresentOrElse(b::retentionSweep, b::derivedRetentionSweep));
    Section delta = s.section("delta");
    Holder<DeltaConfig> d = new Holder<>(DeltaConfig.ofDefaults());
    delta.bool("enabled", v -> d.set(d.get().withEnabled(v)));
    delta.integer("maxChain", v -> d.set(new DeltaConfig(d.get().enabled(), v, d.get().maxRatio())));
    delta.number("maxRatio", v -> d.set(new DeltaConfig(d.get().enabled(), d.get().maxChain(), v)));
    b.delta(d.get());
    return problems.build(before, s.path(), s.where(), b::build);
  }

  private static @Nullable RecoveryConfig recovery(Section s, Problems problems) {
    int before = problems.count();
    RecoveryConfig.Builder b = RecoveryConfig.custom();
    Duration[] delays = {RecoveryConfig.ofDefaults().initialDelay(), RecoveryConfig.ofDefaults().maxDelay()};
    s.string("strategy", b::strategy);
    s.enumMap("byFailureType", FailureType.class, "failure type", b::strategyFor);
    Section retry = s.section("retry");
    retry.integer("maxAttempts", b::maxAttempts);
    retry.millis("initialDelayMs", 0, d -> delays[0] = d);
    retry.number("backoffMultiplier", b::backoffMultiplier);
    retry.millis("maxDelayMs", 0, d -> delays[1] = d);
    retry.enumSet("retryOn", FailureType.class, "failure type", b::retryOn);
    s.section("timeLimiter").millis("stepTimeoutMs", 1, b::stepTimeout);
    s.section("progressive").choice("mode", PROGRESSIVE_MODES, b::progressiveMode);
    String where = retry.whereOf("maxDelayMs");
    return problems.build(before, "recovery.retry.maxDelayMs", where, () -> {
      requireOrderedDelays(delays[0], delays[1]);
      return b.initialDelay(delays[0]).maxDelay(delays[1]).build();
    });
  }

  /** The builder's maxDelay >= initialDelay rule, stated in the YAML keys' names and unit. */
  private static void requireOrderedDelays(Duration initial, Duration max) {
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("recovery.retry.maxDelayMs (" + max.toMillis()
          + ") must be >= recovery.retry.initialDelayMs (" + initial.toMillis() + ")");
    }
  }

  private static @Nullable StorageConfig storage(Section s, Problems problems) {
    int before = problems.count();
    StorageConfig.Builder b = StorageConfig.custom();
    s.string("type", b::type);
    s.longValue("maxMemoryBytes", b::maxMemoryBytes);
    s.bool("spillover", b::spillover);
    s.string("spilloverType", b::spilloverType);
    s.optionMaps("options", b::options);
    return problems.build(before, s.path(), s.where(), b::build);
  }

  private static CompressionConfig compression(Section s) {
    Holder<CompressionConfig> c = new Holder<>(CompressionConfig.ofDefaults());
    s.bool("enabled", v -> c.set(new CompressionConfig(v, c.get().thresholdBytes(), c.get().codec())));
    s.longValue("thresholdBytes", v -> c.set(new CompressionConfig(c.get().enabled(), v, c.get().codec())));
    s.choice("codec", CODECS, v -> c.set(new CompressionConfig(c.get().enabled(), c.get().thresholdBytes(), v)));
    return c.get();
  }

  private static IntegrityConfig integrity(Section s) {
    Holder<IntegrityConfig> c = new Holder<>(IntegrityConfig.ofDefaults());
    s.bool("verifyOnRestore", v -> c.set(new IntegrityConfig(v, c.get().hmacKeyEnv(), c.get().encryption())));
    s.optionalString("hmacKeyEnv", v -> c.set(new IntegrityConfig(c.get().verifyOnRestore(), v,
        c.get().encryption())));
    Section e = s.section("encryption");
    Holder<EncryptionConfig> enc = new Holder<>(EncryptionConfig.off());
    e.stringMap("keys", v -> enc.set(new EncryptionConfig(v, enc.get().activeKeyId())));
    e.optionalString("activeKeyId", v -> enc.set(new EncryptionConfig(enc.get().keys(), v)));
    c.set(c.get().withEncryption(enc.get()));
    return c.get();
  }

  private static StateConfig state(Section s) {
    Holder<StateConfig> c = new Holder<>(StateConfig.ofDefaults());
    s.integer("schemaVersion", v -> c.set(new StateConfig(v)));
    return c.get();
  }

  private static AuditConfig audit(Section s) {
    Holder<AuditConfig> c = new Holder<>(AuditConfig.ofDefaults());
    s.integer("maxEntries", v -> c.set(new AuditConfig(v, c.get().sink(), c.get().stateUpdates())));
    s.string("sink", v -> c.set(new AuditConfig(c.get().maxEntries(), v, c.get().stateUpdates())));
    s.bool("stateUpdates", v -> c.set(c.get().withStateUpdates(v)));
    return c.get();
  }
}
