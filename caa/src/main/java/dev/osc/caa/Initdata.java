package dev.osc.caa;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/** The INITDATA setting: upstream takes it gzip'd and base64'd; a raw document works too. */
final class Initdata {
  private Initdata() {}

  static String decode(String value) {
    if (value == null) {
      return null;
    }
    try {
      byte[] gz = Base64.getDecoder().decode(value.replaceAll("\\s", ""));
      try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IllegalArgumentException | IOException notEncoded) {
      return value;
    }
  }
}
