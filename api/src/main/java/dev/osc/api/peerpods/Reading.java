package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.PeerPodsKeys.CLOUD_PROVIDER;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One read of the catalog's keys from a key-value map: what the operator does with peer-pods-cm and
 * peer-pods-secret, and what the adaptor and the image Jobs do with their environment (the same two
 * objects through envFrom). A value counts as set when it is not blank, and is trimmed.
 */
final class Reading {
  final Optional<Provider> provider;

  /** Each key the provider reads that is set or has a default: its parsed value. */
  final Map<Key<?>, Object> values;

  /** ConfigMap keys as the adaptor takes them: set values and defaults, in key order. */
  final Map<String, String> effective;

  final List<Problem> problems;

  private Reading(
      Optional<Provider> provider,
      Map<Key<?>, Object> values,
      Map<String, String> effective,
      List<Problem> problems) {
    this.provider = provider;
    this.values = Collections.unmodifiableMap(values);
    this.effective = Collections.unmodifiableMap(effective);
    this.problems = List.copyOf(problems);
  }

  /**
   * @param data the keys and values
   * @param accepted the providers the caller can run
   * @param hidden keys whose values come from a Secret: never quoted, whatever the key
   */
  static Reading of(Map<String, String> data, Set<Provider> accepted, Set<String> hidden) {
    List<Problem> problems = new ArrayList<>();
    Optional<Provider> provider = provider(data, accepted, problems);
    Map<Key<?>, Object> values = new LinkedHashMap<>();
    Map<String, String> effective = new TreeMap<>();
    for (Key<?> key : PeerPodsKeys.ALL) {
      boolean applies = provider.map(key::readBy).orElse(key.common());
      if (key == CLOUD_PROVIDER || !applies) {
        continue;
      }
      String raw = set(data.get(key.name()));
      if (raw == null) {
        raw = provider.flatMap(key::defaultFor).orElse(null);
        if (raw == null && provider.isPresent() && key.requiredFor(provider.get())) {
          problems.add(
              new Problem(
                  key.source(),
                  key.name(),
                  "required for " + CLOUD_PROVIDER.name() + " " + provider.get().value()));
        }
      }
      if (raw == null) {
        continue;
      }
      try {
        values.put(key, key.parse(raw));
        if (key.source() == Source.CONFIG_MAP) {
          effective.put(key.name(), raw);
        }
      } catch (InvalidValue e) {
        boolean quote = key.showsValue() && !hidden.contains(key.name());
        problems.add(
            new Problem(
                key.source(),
                key.name(),
                (quote ? Problem.quote(raw) + ": " : "") + e.getMessage()));
      }
    }
    provider.ifPresent(p -> values.put(CLOUD_PROVIDER, p));
    provider.ifPresent(p -> effective.put(CLOUD_PROVIDER.name(), p.value()));
    if (provider.isPresent() && problems.isEmpty()) {
      CrossChecks.of(provider.get(), values, problems);
    }
    Collections.sort(problems);
    return new Reading(provider, values, effective, problems);
  }

  private static Optional<Provider> provider(
      Map<String, String> data, Set<Provider> accepted, List<Problem> problems) {
    String value = set(data.get(CLOUD_PROVIDER.name()));
    // The adaptor's development provider is accepted where the caller runs it, never advertised.
    String supported = "supported values: " + Provider.listed(Provider.CLUSTER);
    if (value == null) {
      problems.add(
          new Problem(CLOUD_PROVIDER.source(), CLOUD_PROVIDER.name(), "required; " + supported));
      return Optional.empty();
    }
    Optional<Provider> provider = Provider.fromValue(value).filter(accepted::contains);
    if (provider.isEmpty()) {
      problems.add(
          new Problem(
              CLOUD_PROVIDER.source(),
              CLOUD_PROVIDER.name(),
              Problem.quote(value) + ": unsupported value; " + supported));
    }
    return provider;
  }

  /** Absent or blank: what the adaptor's environment treats as not set. */
  static String set(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
