package dev.osc.operator.peerpods;

import static dev.osc.api.PeerPodsKeys.CLOUD_PROVIDER;
import static dev.osc.api.PeerPodsKeys.PEERPODS_LIMIT_PER_NODE;
import static dev.osc.operator.peerpods.PeerPodsObject.CONFIG_MAP;
import static dev.osc.operator.peerpods.PeerPodsObject.SECRET;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One pass over peer-pods-cm and peer-pods-secret. Secret values are looked at only to see whether
 * they are set or equal to the ConfigMap's provider, and are never put into a reason.
 */
final class ConfigCheck {
  private final Map<String, String> configMap;
  private final Map<String, String> secret;
  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  ConfigCheck(Map<String, String> configMap, Map<String, String> secret) {
    this.configMap = configMap == null ? Map.of() : configMap;
    this.secret = secret == null ? Map.of() : secret;
  }

  ParseResult run() {
    Optional<CloudProvider> found = provider();
    if (found.isEmpty()) {
      KeyCatalog.SHARED.forEach(this::checkValue);
      return finish(null);
    }
    CloudProvider provider = found.get();
    ProviderKeys keys = KeyCatalog.of(provider);
    for (KeySpec spec : keys.keys()) {
      checkPresence(spec, provider);
      checkValue(spec);
    }
    checkSecretProvider(provider);
    checkOtherKeys(keys, CONFIG_MAP, provider);
    checkOtherKeys(keys, SECRET, provider);
    if (!problems.isEmpty()) {
      return finish(null);
    }
    Map<String, String> env = env(keys);
    int limit = PeerPodLimit.parse(env.get(PEERPODS_LIMIT_PER_NODE)).value();
    return finish(new PeerPodsConfig(provider, limit, env, ContentHash.of(env, secret)));
  }

  /** Sorted findings; valid only with a config, which exists only when there is no problem. */
  private ParseResult finish(PeerPodsConfig config) {
    Collections.sort(problems);
    Collections.sort(warnings);
    return config == null
        ? new ParseResult.Invalid(problems, warnings)
        : new ParseResult.Valid(config, warnings);
  }

  private Optional<CloudProvider> provider() {
    String value = configMap.get(CLOUD_PROVIDER);
    String supported = "supported values: " + CloudProvider.supportedValues();
    if (isUnset(value)) {
      problems.add(new Problem(CONFIG_MAP, CLOUD_PROVIDER, "required; " + supported));
      return Optional.empty();
    }
    Optional<CloudProvider> provider = CloudProvider.fromValue(value);
    if (provider.isEmpty()) {
      problems.add(new Problem(CONFIG_MAP, CLOUD_PROVIDER,
          Problem.quote(value) + ": unsupported value; " + supported));
    }
    return provider;
  }

  private void checkPresence(KeySpec spec, CloudProvider provider) {
    if (spec.required() && isUnset(data(spec.object()).get(spec.name()))) {
      problems.add(new Problem(spec.object(), spec.name(),
          "required for CLOUD_PROVIDER " + provider.value()));
    }
  }

  /** ConfigMap values only: a secret value must never reach a message. */
  private void checkValue(KeySpec spec) {
    String value = configMap.get(spec.name());
    if (spec.object() == CONFIG_MAP && !isUnset(value)) {
      spec.rule().problem(value).ifPresent(reason ->
          problems.add(new Problem(CONFIG_MAP, spec.name(), Problem.quote(value) + ": " + reason)));
    }
  }

  /**
   * The ConfigMap data, unknown keys included, with every unset key that has a default set to it.
   * Meant for the container's {@code env}, which Kubernetes applies over {@code envFrom}.
   */
  private Map<String, String> env(ProviderKeys keys) {
    Map<String, String> env = new TreeMap<>();
    configMap.forEach((key, value) -> env.put(key, value == null ? "" : value));
    for (KeySpec spec : keys.keys()) {
      if (spec.object() == CONFIG_MAP && isUnset(env.get(spec.name()))) {
        spec.byDefault().ifPresent(value -> env.put(spec.name(), value));
      }
    }
    return env;
  }

  /** Both objects feed the same environment, so two different providers cannot both be meant. */
  private void checkSecretProvider(CloudProvider provider) {
    String value = secret.get(CLOUD_PROVIDER);
    if (!isUnset(value) && !value.equals(provider.value())) {
      problems.add(new Problem(SECRET, CLOUD_PROVIDER, "differs from " + CONFIG_MAP.objectName()
          + " " + CLOUD_PROVIDER + " " + Problem.quote(provider.value())));
    }
  }

  /**
   * Keys the provider does not read from this object. A credential in the ConfigMap is a problem:
   * more users can read it there, and it would travel with the environment. Anything else is a
   * warning: passed on (a newer CAA may read it) but shown, since typos look alike.
   */
  private void checkOtherKeys(ProviderKeys keys, PeerPodsObject object, CloudProvider provider) {
    Set<String> known = keys.names(object);
    for (String key : data(object).keySet()) {
      if (known.contains(key)) {
        continue;
      }
      if (keys.names(SECRET).contains(key)) {
        problems.add(new Problem(CONFIG_MAP, key, "belongs in " + SECRET.objectName()));
      } else if (keys.names(CONFIG_MAP).contains(key)) {
        warnings.add(new Problem(SECRET, key, "belongs in " + CONFIG_MAP.objectName()));
      } else {
        warnings.add(new Problem(object, key, "unknown key for CLOUD_PROVIDER " + provider.value()
            + ClosestKey.to(key, known).map(k -> "; did you mean " + k + "?").orElse("")));
      }
    }
  }

  private Map<String, String> data(PeerPodsObject object) {
    return object == CONFIG_MAP ? configMap : secret;
  }

  /** Absent or empty: what Kubernetes and the CAA's environment treat as not set. */
  private static boolean isUnset(String value) {
    return value == null || value.isEmpty();
  }
}
