package dev.magnus.rollback.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.magnus.rollback.AuditConfig;
import dev.magnus.rollback.CheckpointConfig;
import dev.magnus.rollback.CheckpointType;
import dev.magnus.rollback.Compression;
import dev.magnus.rollback.CompressionConfig;
import dev.magnus.rollback.DeltaConfig;
import dev.magnus.rollback.EncryptionConfig;
import dev.magnus.rollback.ConfigInvalidException;
import dev.magnus.rollback.FailureType;
import dev.magnus.rollback.IntegrityConfig;
import dev.magnus.rollback.ProgressiveMode;
import dev.magnus.rollback.RecoveryConfig;
import dev.magnus.rollback.RollbackConfig;
import dev.magnus.rollback.StateConfig;
import dev.magnus.rollback.StorageConfig;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class ShippedConfigFileTest {
  static final Path SHIPPED = Path.of("..", "config", "session-rollback-config.yaml");

  @Test
  void shippedFileLoadsAsTheDefaults() {
    // given the file the repository ships
    // when
    RollbackConfig loaded = RollbackConfigLoader.load(SHIPPED);
    // then
    assertEquals(RollbackConfig.ofDefaults(), loaded);
  }

  @Test
  void shippedFileListsEveryOptionOfEveryConfigRecord() {
    // given every leaf key of the shipped file
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(readShipped());
    Set<String> leaves = new TreeSet<>();
    collectLeaves("", tree, leaves);
    // when the record components of the sections are counted
    int components = Stream.of(CheckpointConfig.class, RecoveryConfig.class, StorageConfig.class,
        CompressionConfig.class, IntegrityConfig.class, AuditConfig.class, StateConfig.class, DeltaConfig.class,
        EncryptionConfig.class).mapToInt(c -> c.getRecordComponents().length).sum()
        - 2; // checkpoint.delta and integrity.encryption are sections, not leaves
    // then each component has its key (byFailureType and options are map-valued leaves)
    assertEquals(new TreeSet<>(List.of("checkpoint.maxCheckpoints", "checkpoint.retentionMs", "checkpoint.minIntervalMs",
        "checkpoint.autoCheckpoint.onPatternDetection", "checkpoint.autoCheckpoint.onScoringDecision",
        "checkpoint.autoCheckpoint.onTherapeuticPhase", "checkpoint.autoCheckpoint.periodicMs", "checkpoint.pinnedTypes",
        "checkpoint.asyncCheckpoints", "checkpoint.checkpointTimeoutMs", "checkpoint.maxStateBytes",
        "checkpoint.retentionSweepMs", "checkpoint.delta.enabled", "checkpoint.delta.maxChain",
        "checkpoint.delta.maxRatio", "recovery.strategy",
        "recovery.byFailureType", "recovery.retry.maxAttempts", "recovery.retry.initialDelayMs",
        "recovery.retry.backoffMultiplier", "recovery.retry.maxDelayMs", "recovery.retry.retryOn",
        "recovery.timeLimiter.stepTimeoutMs", "recovery.progressive.mode", "storage.type", "storage.maxMemoryBytes",
        "storage.spillover", "storage.spilloverType", "storage.options", "compression.enabled",
        "compression.thresholdBytes", "compression.codec", "integrity.verifyOnRestore", "integrity.hmacKeyEnv",
        "integrity.encryption.keys", "integrity.encryption.activeKeyId",
        "audit.maxEntries", "audit.sink", "audit.stateUpdates", "state.schemaVersion")), leaves);
    assertEquals(components, leaves.size());
  }

  @Test
  void fileWithEveryKeyChangedEqualsTheBuilderBuiltConfig() {
    // given every key set to a value other than its default
    String yaml = String.join("\n",
        "checkpoint:",
        "  maxCheckpoints: 25",
        "  retentionMs: 60000",
        "  minIntervalMs: 250",
        "  autoCheckpoint:",
        "    onPatternDetection: false",
        "    onScoringDecision: false",
        "    onTherapeuticPhase: false",
        "    periodicMs: 1_000",
        "  pinnedTypes: [SESSION_START, USER_REQUESTED]",
        "  asyncCheckpoints: true",
        "  checkpointTimeoutMs: 750",
        "  maxStateBytes: 0x100000",
        "  retentionSweepMs: 30000",
        "  delta: {enabled: true, maxChain: 4, maxRatio: 0.25}",
        "recovery:",
        "  strategy: PROGRESSIVE",
        "  byFailureType: {TIMEOUT: IMMEDIATE, STATE_CORRUPTION: PROGRESSIVE}",
        "  retry:",
        "    maxAttempts: 5",
        "    initialDelayMs: 0",
        "    backoffMultiplier: 1.5",
        "    maxDelayMs: 2000",
        "    retryOn: [TIMEOUT]",
        "  timeLimiter: {stepTimeoutMs: 100}",
        "  progressive:",
        "    mode: BISECT",
        "storage:",
        "  type: file",
        "  maxMemoryBytes: 1024",
        "  spillover: true",
        "  spilloverType: archive",
        "  options:",
        "    file: {path: data/cp, fsync: interval, fsyncIntervalMs: 5, segmentBytes: 4096}",
        "    archive: {ratio: 0.5, enabled: true}",
        "compression:",
        "  enabled: false",
        "  thresholdBytes: 0",
        "  codec: deflate",
        "integrity:",
        "  verifyOnRestore: false",
        "  hmacKeyEnv: ROLLBACK_HMAC_KEY",
        "  encryption:",
        "    keys: {k2026: ROLLBACK_KEY_2026, k2025: ROLLBACK_KEY_2025}",
        "    activeKeyId: k2026",
        "audit:",
        "  maxEntries: 12",
        "  sink: jsonl:audit.jsonl",
        "  stateUpdates: true",
        "state:",
        "  schemaVersion: 3",
        "");
    RollbackConfig expected = RollbackConfig.custom()
        .checkpoint(CheckpointConfig.custom().maxCheckpoints(25).retention(Duration.ofMinutes(1))
            .minInterval(Duration.ofMillis(250)).onPatternDetection(false).onScoringDecision(false)
            .onTherapeuticPhase(false).periodic(Duration.ofSeconds(1))
            .pinnedTypes(EnumSet.of(CheckpointType.SESSION_START, CheckpointType.USER_REQUESTED)).asyncCheckpoints(true)
            .checkpointTimeout(Duration.ofMillis(750)).maxStateBytes(1 << 20)
            .retentionSweep(Duration.ofSeconds(30)).delta(new DeltaConfig(true, 4, 0.25)).build())
        .recovery(RecoveryConfig.custom().strategy("PROGRESSIVE").strategyFor(FailureType.TIMEOUT, "IMMEDIATE")
            .strategyFor(FailureType.STATE_CORRUPTION, "PROGRESSIVE").maxAttempts(5).initialDelay(Duration.ZERO)
            .backoffMultiplier(1.5).maxDelay(Duration.ofSeconds(2)).retryOn(Set.of(FailureType.TIMEOUT))
            .stepTimeout(Duration.ofMillis(100))
            .progressiveMode(ProgressiveMode.BISECT).build())
        .storage(StorageConfig.custom().type("file").maxMemoryBytes(1024).spillover(true).spilloverType("archive")
            .options("file", Map.of("path", "data/cp", "fsync", "interval", "fsyncIntervalMs", 5L, "segmentBytes", 4096L))
            .options("archive", Map.of("ratio", 0.5, "enabled", true)).build())
        .compression(new CompressionConfig(false, 0, Compression.DEFLATE))
        .integrity(new IntegrityConfig(false, Optional.of("ROLLBACK_HMAC_KEY"), new EncryptionConfig(
            Map.of("k2026", "ROLLBACK_KEY_2026", "k2025", "ROLLBACK_KEY_2025"), Optional.of("k2026"))))
        .audit(new AuditConfig(12, "jsonl:audit.jsonl", true))
        .state(new StateConfig(3))
        .build();
    // when
    RollbackConfig loaded = RollbackConfigLoader.load(new StringReader(yaml), "all-keys.yaml");
    // then
    assertEquals(expected, loaded);
  }

  @Test
  void systemPropertiesOverrideTheFile() {
    // given the shipped file and three rollback.* properties (and the reserved rollback.config)
    Properties properties = new Properties();
    properties.setProperty("rollback.checkpoint.maxCheckpoints", "20");
    properties.setProperty("rollback.recovery.retry.retryOn", "[TIMEOUT, EXTERNAL_SERVICE_ERROR]");
    properties.setProperty("rollback.storage.options.file.fsync", "interval");
    properties.setProperty("rollback.config", "ignored-here.yaml");
    properties.setProperty("unrelated.key", "x");
    // when
    RollbackConfig loaded = RollbackConfigLoader.load(SHIPPED, properties);
    // then
    RollbackConfig expected = RollbackConfig.custom()
        .checkpoint(CheckpointConfig.custom().maxCheckpoints(20).build())
        .recovery(RecoveryConfig.custom().retryOn(Set.of(FailureType.TIMEOUT, FailureType.EXTERNAL_SERVICE_ERROR)).build())
        .storage(StorageConfig.custom().options("file", Map.of("fsync", "interval")).build())
        .build();
    assertEquals(expected, loaded);
  }

  @Test
  void badSystemPropertyIsReportedWithItsName() {
    // given
    Properties properties = new Properties();
    properties.setProperty("rollback.checkpoint.maxCheckpoints", "-1");
    properties.setProperty("rollback.checkpoint.maxCheckpionts", "3");
    // when
    ConfigInvalidException e = assertThrows(ConfigInvalidException.class, () -> RollbackConfigLoader.defaults(properties));
    // then
    assertEquals(List.of(
        "checkpoint.maxCheckpionts (system property rollback.checkpoint.maxCheckpionts): unknown key "
            + "'maxCheckpionts'; did you mean 'maxCheckpoints'?",
        "checkpoint.maxCheckpoints (system property rollback.checkpoint.maxCheckpoints): must be >= 1, was -1")
        .stream().sorted().toList(), e.problems().stream().sorted().toList());
  }

  @Test
  void locateTakesTheFileNamedByTheSystemPropertyFirst() {
    // given rollback.config naming the shipped file, and a different file on the test class path
    Properties properties = new Properties();
    properties.setProperty(RollbackConfigLoader.PATH_PROPERTY, SHIPPED.toString());
    // when
    RollbackConfig located = RollbackConfigLoader.locate(getClass().getClassLoader(), properties);
    // then
    assertEquals(RollbackConfig.ofDefaults(), located);
  }

  @Test
  void locateFallsBackToTheClassPathFile() {
    // given no rollback.config; src/test/resources holds session-rollback-config.yaml with maxCheckpoints 7
    // when
    RollbackConfig located = RollbackConfigLoader.locate(getClass().getClassLoader(), new Properties());
    // then
    assertEquals(7, located.checkpoint().maxCheckpoints());
  }

  @Test
  void locateFallsBackToTheDefaultsWithoutAnyFile() {
    // given a class loader that sees no configuration file
    ClassLoader empty = new ClassLoader(null) {};
    Properties properties = new Properties();
    properties.setProperty("rollback.audit.maxEntries", "99");
    // when
    RollbackConfig located = RollbackConfigLoader.locate(empty, properties);
    // then
    assertEquals(RollbackConfig.custom().audit(AuditConfig.keeping(99)).build(), located);
  }

  private static String readShipped() {
    try {
      return java.nio.file.Files.readString(SHIPPED);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void collectLeaves(String prefix, Map<String, Object> map, Set<String> out) {
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      boolean mapValued = path.equals("recovery.byFailureType") || path.equals("storage.options")
          || path.equals("integrity.encryption.keys");
      if (e.getValue() instanceof Map<?, ?> m && !mapValued) {
        collectLeaves(path, (Map<String, Object>) m, out);
      } else {
        out.add(path);
      }
    }
  }
}
