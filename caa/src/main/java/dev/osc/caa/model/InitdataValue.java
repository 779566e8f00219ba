package dev.osc.caa.model;

import dev.osc.api.peerpods.InvalidValue;
import dev.osc.api.peerpods.Parsers;

/**
 * An initdata document as it reaches the adaptor in a pod's {@code cc_init_data}, checked with the
 * same rules as the INITDATA setting ({@link Parsers#INITDATA}): a VM booted with a broken document
 * fails its attestation much later, far from the cause. Pure.
 */
public final class InitdataValue {
  private InitdataValue() {}

  /** The raw document, checked; {@code source} names where it came from for the error. */
  public static String checked(String value, String source) {
    if (value == null) {
      return null;
    }
    try {
      return Parsers.INITDATA.parse(value);
    } catch (InvalidValue e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }
}
