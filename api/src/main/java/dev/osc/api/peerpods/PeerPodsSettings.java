package dev.osc.api.peerpods;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The peer-pods configuration as the adaptor and the image Jobs read it from their environment,
 * with the same checks and defaults as the operator's ({@link PeerPodsConfig}).
 */
public final class PeerPodsSettings {
  private final Provider provider;
  private final Map<Key<?>, Object> values;

  private PeerPodsSettings(Reading reading) {
    this.provider = reading.provider.orElseThrow();
    this.values = reading.values;
  }

  /** Reads every key; {@link InvalidPeerPodsConfig} lists each problem. */
  public static PeerPodsSettings read(Map<String, String> env) {
    Reading reading = Reading.of(env, Provider.ADAPTOR, Set.of());
    if (!reading.problems.isEmpty()) {
      throw new InvalidPeerPodsConfig(reading.problems);
    }
    return new PeerPodsSettings(reading);
  }

  public Provider provider() {
    return provider;
  }

  /** The value, or its default; null when neither (or when this provider does not read it). */
  @SuppressWarnings("unchecked")
  public <T> T get(Key<T> key) {
    return (T) values.get(key);
  }

  /** The value, or its default; {@link InvalidPeerPodsConfig} naming the key when neither. */
  public <T> T require(Key<T> key, String why) {
    T value = get(key);
    if (value == null) {
      throw new InvalidPeerPodsConfig(
          List.of(new Problem(key.source(), key.name(), "required (" + why + ")")));
    }
    return value;
  }
}
