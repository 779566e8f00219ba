package dev.osc.operator.peerpods;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The keys one provider reads. */
record ProviderKeys(List<KeySpec> keys) {

  ProviderKeys {
    keys = List.copyOf(keys);
  }

  Set<String> names(PeerPodsObject object) {
    return keys.stream()
        .filter(k -> k.object() == object)
        .map(KeySpec::name)
        .collect(Collectors.toUnmodifiableSet());
  }
}
