package dev.osc.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;

/** The key types issuers make: ECDSA P-256 (cert-manager's and our default) and RSA 2048. */
public enum KeyAlgorithm {
  EC_P256,
  RSA_2048;

  public KeyPair generate() {
    try {
      KeyPairGenerator g;
      if (this == EC_P256) {
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a " + this + " key", e);
    }
  }

  /** How a key of any supported type signs (certificates, and the key-match probe). */
  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> key.getAlgorithm(); // Ed25519, EdDSA: the algorithm is its own signature
    };
  }
}
