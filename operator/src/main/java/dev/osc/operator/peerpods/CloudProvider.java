package dev.osc.operator.peerpods;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The peer-pods providers this operator supports, as written in {@code CLOUD_PROVIDER}. */
public enum CloudProvider {
  AWS,
  LIBVIRT,
  AZURE,
  GCP;

  /** The provider for a {@code CLOUD_PROVIDER} value; case-sensitive, as the CAA entrypoint is. */
  public static Optional<CloudProvider> fromValue(String value) {
    return Arrays.stream(values()).filter(p -> p.value().equals(value)).findFirst();
  }

  /** "aws, libvirt, azure, gcp": for messages. */
  static String supportedValues() {
    return Arrays.stream(values()).map(CloudProvider::value).collect(Collectors.joining(", "));
  }

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
