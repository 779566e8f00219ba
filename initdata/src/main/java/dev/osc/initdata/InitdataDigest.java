package dev.osc.initdata;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The initdata digest: the document's algorithm over its exact bytes (no canonical form, so a
 * changed space changes it), and the value a TEE's report carries.
 */
public final class InitdataDigest {
  private final byte[] value;

  private InitdataDigest(byte[] value) {
    this.value = value;
  }

  public static InitdataDigest of(Initdata initdata) {
    return new InitdataDigest(initdata.algorithm().digest(initdata.bytes()));
  }

  /**
   * The digest as {@code tee}'s field holds it: zero-padded at the end or truncated to the field
   * size, as Kata's adjustProperLength and guest-components' pad/resize do.
   */
  public InitdataDigest forTee(Tee tee) {
    return new InitdataDigest(Arrays.copyOf(value, tee.fieldBytes()));
  }

  public byte[] bytes() {
    return value.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(value);
  }

  /** Standard base64: how QEMU takes host-data / mrconfigid and runtime-rs returns the digest. */
  public String base64() {
    return Base64.getEncoder().encodeToString(value);
  }

  @Override
  public String toString() {
    return hex();
  }
}
