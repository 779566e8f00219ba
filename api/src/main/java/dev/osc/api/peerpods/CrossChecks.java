package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.PeerPodsKeys.DISABLECVM;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_LAUNCH_SECURITY;
import static dev.osc.api.peerpods.PeerPodsKeys.S390_PV;
import static dev.osc.api.peerpods.PeerPodsKeys.TAGS;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Rules between keys, once every value parsed. */
final class CrossChecks {
  private CrossChecks() {}

  static void of(Provider provider, Map<Key<?>, Object> values, List<Problem> problems) {
    switch (provider) {
      case AWS -> awsTags(values, problems);
      case LIBVIRT -> libvirtConfidential(values, problems);
      case LOCAL -> {}
    }
  }

  /** AWS reserves tag keys starting with aws: and refuses RunInstances with them. */
  private static void awsTags(Map<Key<?>, Object> values, List<Problem> problems) {
    @SuppressWarnings("unchecked")
    Map<String, String> tags = (Map<String, String>) values.getOrDefault(TAGS, Map.of());
    tags.keySet().stream()
        .filter(k -> k.toLowerCase(Locale.ROOT).startsWith("aws:"))
        .findFirst()
        .ifPresent(
            k ->
                problems.add(
                    new Problem(
                        TAGS.source(),
                        TAGS.name(),
                        "tag key " + k + " uses the prefix aws:, which AWS reserves")));
  }

  /** Secure Execution is the only confidential VM type the libvirt provider launches. */
  private static void libvirtConfidential(Map<Key<?>, Object> values, List<Problem> problems) {
    if (Boolean.FALSE.equals(values.get(DISABLECVM))
        && !S390_PV.equals(values.get(LIBVIRT_LAUNCH_SECURITY))) {
      problems.add(
          new Problem(
              LIBVIRT_LAUNCH_SECURITY.source(),
              LIBVIRT_LAUNCH_SECURITY.name(),
              "must be "
                  + S390_PV
                  + " when "
                  + DISABLECVM.name()
                  + " is false: it is the only"
                  + " confidential VM type the libvirt provider launches"));
    }
  }
}
