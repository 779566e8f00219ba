package dev.osc.api.peerpods;

import static dev.osc.api.peerpods.PeerPodsKeys.CLOUD_PROVIDER;
import static dev.osc.api.peerpods.Source.CONFIG_MAP;
import static dev.osc.api.peerpods.Source.SECRET;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The operator's check of peer-pods-cm and peer-pods-secret: the {@link Reading} the adaptor makes
 * of the same data (merged as envFrom merges them, the Secret last), plus what only the objects
 * show: a key in the wrong one, an unknown key. Secret values are looked at only to see whether
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
    Map<String, String> merged = new HashMap<>(configMap);
    merged.putAll(secret);
    // The ConfigMap's provider is the one meant; a different one in the Secret is reported below.
    if (Reading.set(configMap.get(CLOUD_PROVIDER.name())) != null) {
      merged.put(CLOUD_PROVIDER.name(), configMap.get(CLOUD_PROVIDER.name()));
    }
    merged
        .keySet()
        .removeIf(
            name ->
                PeerPodsKeys.named(name).filter(k -> k.source() == Source.ENVIRONMENT).isPresent());
    Reading reading = Reading.of(merged, Provider.CLUSTER, secret.keySet());
    problems.addAll(reading.problems);
    checkSecretProvider();
    reading.provider.ifPresent(
        provider -> {
          checkOtherKeys(provider, CONFIG_MAP, configMap);
          checkOtherKeys(provider, SECRET, secret);
        });
    Collections.sort(problems);
    Collections.sort(warnings);
    if (!problems.isEmpty()) {
      return new ParseResult.Invalid(problems, warnings);
    }
    Map<String, String> env = new TreeMap<>(reading.effective);
    // A ConfigMap key put in the Secret is read from there, but its value must not be shown.
    env.keySet()
        .removeIf(
            key -> !key.equals(CLOUD_PROVIDER.name()) && Reading.set(secret.get(key)) != null);
    configMap.forEach((key, value) -> env.putIfAbsent(key, value == null ? "" : value));
    int limit = (Integer) reading.values.get(PeerPodsKeys.PEERPODS_LIMIT_PER_NODE);
    return new ParseResult.Valid(
        new PeerPodsConfig(reading.provider.get(), limit, env, ContentHash.of(env, secret)),
        warnings);
  }

  /**
   * Both objects feed the same environment, the Secret last, so the adaptor would take the Secret's
   * provider: two different ones cannot both be meant.
   */
  private void checkSecretProvider() {
    String inSecret = Reading.set(secret.get(CLOUD_PROVIDER.name()));
    String inConfigMap = Reading.set(configMap.get(CLOUD_PROVIDER.name()));
    if (inSecret != null && inConfigMap != null && !inSecret.equals(inConfigMap)) {
      problems.add(
          new Problem(
              SECRET,
              CLOUD_PROVIDER.name(),
              "differs from "
                  + CONFIG_MAP.objectName()
                  + " "
                  + CLOUD_PROVIDER.name()
                  + " "
                  + Problem.quote(inConfigMap)));
    }
  }

  /**
   * Keys the provider does not read from this object. A credential in the ConfigMap is a problem:
   * more users can read it there, and it would travel with the environment. Anything else is a
   * warning: passed on (a newer adaptor may read it) but shown, since typos look alike.
   */
  private void checkOtherKeys(Provider provider, Source object, Map<String, String> data) {
    Set<String> known = names(provider, object);
    for (String key : data.keySet()) {
      if (known.contains(key) || (object == SECRET && key.equals(CLOUD_PROVIDER.name()))) {
        continue;
      }
      if (names(provider, SECRET).contains(key)) {
        problems.add(new Problem(CONFIG_MAP, key, "belongs in " + SECRET.objectName()));
      } else if (names(provider, CONFIG_MAP).contains(key)) {
        warnings.add(new Problem(SECRET, key, "belongs in " + CONFIG_MAP.objectName()));
      } else {
        warnings.add(
            new Problem(
                object,
                key,
                "unknown key for "
                    + CLOUD_PROVIDER.name()
                    + " "
                    + provider.value()
                    + ClosestKey.to(key, known).map(k -> "; did you mean " + k + "?").orElse("")));
      }
    }
  }

  private static Set<String> names(Provider provider, Source object) {
    return PeerPodsKeys.ALL.stream()
        .filter(k -> k.source() == object && k.readBy(provider))
        .map(Key::name)
        .collect(Collectors.toUnmodifiableSet());
  }
}
