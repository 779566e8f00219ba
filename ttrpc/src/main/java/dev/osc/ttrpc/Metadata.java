package dev.osc.ttrpc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Request metadata: string keys with one or more values, sent as repeated {@code ttrpc.KeyValue}.
 * Keys are lower-cased, as the Go library does. Immutable.
 */
public final class Metadata {
  /** No metadata. */
  public static final Metadata EMPTY = new Metadata(Map.of());

  private final Map<String, List<String>> values;

  private Metadata(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Metadata with one key and its values. */
  public static Metadata of(String key, String... values) {
    return EMPTY.with(key, values);
  }

  /** A copy with {@code values} appended to {@code key}. */
  public Metadata with(String key, String... added) {
    Map<String, List<String>> copy = new LinkedHashMap<>(values);
    List<String> list = new ArrayList<>(copy.getOrDefault(key.toLowerCase(Locale.ROOT), List.of()));
    list.addAll(List.of(added));
    copy.put(key.toLowerCase(Locale.ROOT), List.copyOf(list));
    return new Metadata(Collections.unmodifiableMap(copy));
  }

  /** The first value of {@code key}. */
  public Optional<String> get(String key) {
    return getAll(key).stream().findFirst();
  }

  /** All values of {@code key}, in the order sent; empty when absent. */
  public List<String> getAll(String key) {
    return values.getOrDefault(key.toLowerCase(Locale.ROOT), List.of());
  }

  /** All keys and their values. */
  public Map<String, List<String>> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata m && m.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
