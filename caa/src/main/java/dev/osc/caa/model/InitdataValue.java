package dev.osc.caa.model;

import dev.osc.initdata.Initdata;
import dev.osc.initdata.InitdataAnnotation;
import dev.osc.initdata.InitdataException;
import java.nio.charset.StandardCharsets;

/**
 * An initdata document as it reaches the adaptor, from the INITDATA setting or a pod's {@code
 * cc_init_data}: either encoded (gzip, then base64, as the annotation carries it) or raw. It is
 * checked before a VM is made with it: a VM booted with a broken document fails its attestation
 * much later, far from the cause. Pure.
 */
public final class InitdataValue {
  private InitdataValue() {}

  /** The raw document, checked; {@code source} names where it came from for the error. */
  public static String checked(String value, String source) {
    if (value == null) {
      return null;
    }
    String raw;
    try {
      raw = new String(InitdataAnnotation.decode(value), StandardCharsets.UTF_8);
    } catch (InitdataException notEncoded) {
      raw = value;
    }
    try {
      Initdata.parse(raw);
    } catch (InitdataException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage());
    }
    return raw;
  }
}
