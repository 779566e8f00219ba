package dev.osc.api.peerpods;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One key of the peer-pods configuration: its name, where it is written, which providers read it,
 * whether it must be set, its default and how its value is parsed. Immutable; the catalog is {@link
 * PeerPodsKeys}.
 *
 * @param <T> what the value parses to
 */
public final class Key<T> {
  private final String name;
  private final Source source;
  private final Set<Provider> providers;
  private final Set<Provider> requiredFor;
  private final Map<Provider, String> defaults;
  private final Parser<T> parser;
  private final boolean showsValue;
  private final String help;

  private Key(
      String name,
      Source source,
      Set<Provider> providers,
      Set<Provider> requiredFor,
      Map<Provider, String> defaults,
      Parser<T> parser,
      boolean showsValue,
      String help) {
    this.name = Objects.requireNonNull(name);
    this.source = source;
    this.providers = Set.copyOf(providers);
    this.requiredFor = Set.copyOf(requiredFor);
    this.defaults = Map.copyOf(defaults);
    this.parser = parser;
    this.showsValue = showsValue && source != Source.SECRET;
    this.help = help;
  }

  static <T> Key<T> of(String name, Source source, Parser<T> parser) {
    return new Key<>(
        name, source, EnumSet.allOf(Provider.class), Set.of(), Map.of(), parser, true, "");
  }

  /** Read only by these providers. */
  Key<T> only(Provider first, Provider... more) {
    return new Key<>(
        name, source, EnumSet.of(first, more), requiredFor, defaults, parser, showsValue, help);
  }

  /** Must be set (present and not blank) for these providers; every provider without any. */
  Key<T> required(Provider... of) {
    Set<Provider> set = of.length == 0 ? providers : EnumSet.copyOf(Set.of(of));
    return new Key<>(name, source, providers, set, defaults, parser, showsValue, help);
  }

  /** The value an unset key has, for every provider that reads it (as the user would write it). */
  Key<T> byDefault(String value) {
    Map<Provider, String> all = new EnumMap<>(Provider.class);
    providers.forEach(p -> all.put(p, value));
    all.putAll(defaults);
    return new Key<>(name, source, providers, requiredFor, all, parser, showsValue, help);
  }

  /** A default for one provider, over the common one. */
  Key<T> byDefault(Provider provider, String value) {
    Map<Provider, String> all = new EnumMap<>(Provider.class);
    all.putAll(defaults);
    all.put(provider, value);
    return new Key<>(name, source, providers, requiredFor, all, parser, showsValue, help);
  }

  /** Messages give the reason only: the value may be long or personal. */
  Key<T> hidingValue() {
    return new Key<>(name, source, providers, requiredFor, defaults, parser, false, help);
  }

  /** What the key is for, in a few words: for {@code osc caa --help}. */
  Key<T> help(String text) {
    return new Key<>(name, source, providers, requiredFor, defaults, parser, showsValue, text);
  }

  public String help() {
    return help;
  }

  public String name() {
    return name;
  }

  public Source source() {
    return source;
  }

  public boolean readBy(Provider provider) {
    return providers.contains(provider);
  }

  /** Read by every provider: checkable before the provider is known. */
  public boolean common() {
    return providers.size() == Provider.values().length;
  }

  public boolean requiredFor(Provider provider) {
    return requiredFor.contains(provider);
  }

  /** The default for the provider, as written in the ConfigMap. */
  public Optional<String> defaultFor(Provider provider) {
    return Optional.ofNullable(defaults.get(provider));
  }

  /** Whether a message about this key may quote its value: never for the Secret's keys. */
  public boolean showsValue() {
    return showsValue;
  }

  /** The value parsed; {@link InvalidValue} says why not (a placeholder left in, first). */
  public T parse(String value) {
    Parsers.refusePlaceholder(value);
    return parser.parse(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
