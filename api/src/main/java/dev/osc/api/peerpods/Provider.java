package dev.osc.api.peerpods;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A {@code CLOUD_PROVIDER}: where the adaptor makes pod VMs. */
public enum Provider {
  AWS,
  LIBVIRT,
  /** The adaptor's in-process VMs for the playground, benches and tests; never on a cluster. */
  LOCAL;

  /** What the operator deploys an adaptor for. */
  public static final Set<Provider> CLUSTER = EnumSet.of(AWS, LIBVIRT);

  /** What {@code osc caa} runs. */
  public static final Set<Provider> ADAPTOR = EnumSet.allOf(Provider.class);

  /** The provider a {@code CLOUD_PROVIDER} value names; case-sensitive, as upstream's adaptor. */
  public static Optional<Provider> fromValue(String value) {
    return Arrays.stream(values()).filter(p -> p.value().equals(value)).findFirst();
  }

  /** "aws, libvirt": for messages. */
  public static String listed(Set<Provider> providers) {
    return providers.stream().map(Provider::value).collect(Collectors.joining(", "));
  }

  /** As written in {@code CLOUD_PROVIDER}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The peer-pods-cm key holding this provider's pod VM image id, which the image Jobs make; empty
   * for a provider whose images the operator does not make.
   */
  public Optional<Key<String>> imageIdKey() {
    return Optional.ofNullable(
        switch (this) {
          case AWS -> PeerPodsKeys.PODVM_AMI_ID;
          case LIBVIRT -> PeerPodsKeys.LIBVIRT_IMAGE_ID;
          case LOCAL -> null;
        });
  }

  /** The image id key's name for a {@code CLOUD_PROVIDER} value as written, if it has one. */
  public static Optional<String> imageIdKeyOf(String cloudProvider) {
    return fromValue(cloudProvider).flatMap(Provider::imageIdKey).map(Key::name);
  }

  @Override
  public String toString() {
    return value();
  }
}
