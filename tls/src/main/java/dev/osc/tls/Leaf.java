package dev.osc.tls;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate to issue: subject {@code CN=commonName}, {@code names} as subject alternative names
 * (an IP literal as an IP address, anything else as a DNS name), one purpose (extended key usage),
 * a lifetime and a key type.
 */
public record Leaf(
    String commonName,
    List<String> names,
    Purpose purpose,
    Duration lifetime,
    KeyAlgorithm keyAlgorithm) {
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);

  /** The extended key usage: a TLS server or a TLS client. */
  public enum Purpose {
    SERVER,
    CLIENT
  }

  public Leaf {
    names = List.copyOf(names);
  }

  /** A server certificate: the first name is the common name, all are alternative names. */
  public static Leaf server(String... names) {
    return server(List.of(names));
  }

  public static Leaf server(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one name");
    }
    return new Leaf(names.get(0), names, Purpose.SERVER, DEFAULT_LIFETIME, KeyAlgorithm.EC_P256);
  }

  /** A client certificate, named only by its common name. */
  public static Leaf client(String commonName) {
    return new Leaf(commonName, List.of(), Purpose.CLIENT, DEFAULT_LIFETIME, KeyAlgorithm.EC_P256);
  }

  public Leaf validFor(Duration lifetime) {
    return new Leaf(commonName, names, purpose, lifetime, keyAlgorithm);
  }

  public Leaf withKey(KeyAlgorithm keyAlgorithm) {
    return new Leaf(commonName, names, purpose, lifetime, keyAlgorithm);
  }

  /** Signed with its own key, as cert-manager's SelfSigned issuer makes them. */
  public Identity selfSigned(Instant now) {
    KeyPair keys = keyAlgorithm.generate();
    X500Principal subject = subject();
    return new Identity(
        Signing.leaf(this, subject, keys.getPublic(), subject, keys.getPrivate(), now),
        keys.getPrivate());
  }

  public Identity selfSigned() {
    return selfSigned(Instant.now());
  }

  X500Principal subject() {
    return new X500Principal("CN=" + commonName);
  }
}
