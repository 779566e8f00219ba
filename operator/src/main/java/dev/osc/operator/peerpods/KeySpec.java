package dev.osc.operator.peerpods;

import java.util.Optional;

/** One key a provider reads: where it lives, whether it must be set, its default and shape. */
record KeySpec(
    String name, PeerPodsObject object, boolean required, Optional<String> byDefault,
    ValueRule rule) {

  /** An optional ConfigMap key. */
  static KeySpec cm(String name, ValueRule rule) {
    return new KeySpec(name, PeerPodsObject.CONFIG_MAP, false, Optional.empty(), rule);
  }

  /** An optional ConfigMap key of any value. */
  static KeySpec cm(String name) {
    return cm(name, ValueRules.ANY);
  }

  /** A ConfigMap key that must be set (present and not empty). */
  static KeySpec requiredCm(String name, ValueRule rule) {
    return new KeySpec(name, PeerPodsObject.CONFIG_MAP, true, Optional.empty(), rule);
  }

  /** A ConfigMap key of any value that must be set. */
  static KeySpec requiredCm(String name) {
    return requiredCm(name, ValueRules.ANY);
  }

  /** A Secret key; its value is only ever checked for presence, so it cannot leak. */
  static KeySpec secret(String name, boolean required) {
    return new KeySpec(name, PeerPodsObject.SECRET, required, Optional.empty(), ValueRules.ANY);
  }

  KeySpec withDefault(String value) {
    return new KeySpec(name, object, required, Optional.of(value), rule);
  }
}
