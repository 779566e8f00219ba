package dev.osc.tls;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.security.auth.x500.X500Principal;

/** A CA that issues {@link Leaf} certificates; made here (ECDSA P-256) or read back from PEM. */
public final class CertificateAuthority {
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(3650);

  private final Identity identity;

  /** A CA read back, e.g. with {@link Identity#fromPem}. */
  public CertificateAuthority(Identity identity) {
    this.identity = identity;
  }

  /** A new CA named {@code distinguishedName} (e.g. {@code CN=my-ca, O=me}). */
  public static CertificateAuthority create(
      String distinguishedName, Duration lifetime, Instant now) {
    KeyPair keys = KeyAlgorithm.EC_P256.generate();
    X509Certificate ca = Signing.ca(new X500Principal(distinguishedName), keys, lifetime, now);
    return new CertificateAuthority(new Identity(ca, keys.getPrivate()));
  }

  public static CertificateAuthority create(String distinguishedName) {
    return create(distinguishedName, DEFAULT_LIFETIME, Instant.now());
  }

  public Identity identity() {
    return identity;
  }

  public X509Certificate certificate() {
    return identity.certificate();
  }

  public Identity issue(Leaf leaf, Instant now) {
    KeyPair keys = leaf.keyAlgorithm().generate();
    return new Identity(
        Signing.leaf(
            leaf,
            leaf.subject(),
            keys.getPublic(),
            certificate().getSubjectX500Principal(),
            identity.key(),
            now),
        keys.getPrivate());
  }

  public Identity issue(Leaf leaf) {
    return issue(leaf, Instant.now());
  }
}
