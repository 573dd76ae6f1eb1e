package dev.magnus.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Options from a closed set are enums: the builders take the constant, and a value outside the set fails at once. */
class ClosedSetOptionsTest {
  @Test
  void progressiveModeIsLinearByDefaultAndTakesTheEnum() {
    // when
    RecoveryConfig bisect = RecoveryConfig.custom().progressiveMode(ProgressiveMode.BISECT).build();
    // then
    assertEquals(ProgressiveMode.LINEAR, RecoveryConfig.ofDefaults().progressiveMode());
    assertEquals(ProgressiveMode.BISECT, bisect.progressiveMode());
    assertEquals(ProgressiveMode.BISECT, RecoveryConfig.from(bisect).build().progressiveMode());
  }

  @Test
  void progressiveModeIsRequired() {
    // when
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> RecoveryConfig.custom().progressiveMode(null));
    // then
    assertEquals("progressiveMode", e.getMessage());
  }

  @Test
  void compressionCodecIsDeflateAndNoneIsRejectedWithTheSwitchToUseInstead() {
    // when
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CompressionConfig(true, 0, Compression.NONE));
    // then
    assertEquals(Compression.DEFLATE, CompressionConfig.ofDefaults().codec());
    assertEquals(Compression.DEFLATE, CompressionConfig.disabled().codec());
    assertEquals("compression.codec must be DEFLATE, was NONE: to store payloads uncompressed, turn compression "
        + "off with enabled=false", e.getMessage());
  }
}
