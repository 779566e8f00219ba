package dev.osc.initdata;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code algorithm} of an initdata document. The spec text says "sha-256" etc. but Kata and
 * guest-components accept only these spellings, so they are the only ones accepted here.
 */
public enum InitdataAlgorithm {
  SHA256("sha256", "SHA-256"),
  SHA384("sha384", "SHA-384"),
  SHA512("sha512", "SHA-512");

  private final String tomlName;
  private final String jcaName;

  InitdataAlgorithm(String tomlName, String jcaName) {
    this.tomlName = tomlName;
    this.jcaName = jcaName;
  }

  /** The value of {@code algorithm} in the document. */
  public String tomlName() {
    return tomlName;
  }

  public static Optional<InitdataAlgorithm> byTomlName(String name) {
    return Arrays.stream(values()).filter(a -> a.tomlName.equals(name)).findFirst();
  }

  byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance(jcaName).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has " + jcaName, e);
    }
  }
}
