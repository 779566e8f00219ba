package dev.osc.testkit.ec2;

import dev.osc.tls.Pem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * moto's EC2 (PyPI {@code moto[server]}), started by {@code scripts/moto.sh} and handed to tests by
 * {@code scripts/test.sh} as {@code OSC_MOTO_ENDPOINT} (https on loopback) and {@code OSC_MOTO_CA}
 * (the PEM certificate it serves). Tests skip with {@link #ABSENT} when it is not there.
 */
public record Moto(URI endpoint, X509Certificate certificate) {
  public static final String ENDPOINT_ENV = "OSC_MOTO_ENDPOINT";
  public static final String CA_ENV = "OSC_MOTO_CA";

  /** moto keeps each account's resources apart; this header picks the account of a request. */
  public static final String ACCOUNT_HEADER = "x-moto-account-id";

  public static final String ABSENT =
      ENDPOINT_ENV + " is not set: start moto with scripts/moto.sh (scripts/test.sh does)";

  /** The server scripts/test.sh started, if any. */
  public static Optional<Moto> fromEnvironment() {
    String endpoint = System.getenv(ENDPOINT_ENV);
    String ca = System.getenv(CA_ENV);
    if (endpoint == null || endpoint.isBlank() || ca == null || ca.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Moto(URI.create(endpoint), Pem.certificate(Files.readString(Path.of(ca)))));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(CA_ENV + " " + ca + ": cannot read the certificate", e);
    }
  }

  /** A fresh 12-digit account id, so one test's instances never show in another's. */
  public static String newAccount() {
    return String.valueOf(
        ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L));
  }
}
