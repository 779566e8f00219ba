package dev.osc.cli;

import dev.osc.api.peerpods.Key;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.Provider;
import dev.osc.api.peerpods.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The environment section of {@code osc caa --help}, written from the catalog of keys, so the
 * names, providers and defaults it shows are the ones the adaptor applies.
 */
final class KeyHelp {
  private KeyHelp() {}

  static String environment() {
    List<String> lines = new ArrayList<>();
    lines.add("Environment (peer-pods-cm, peer-pods-secret [secret], and the adaptor's own):");
    for (Key<?> key : PeerPodsKeys.ALL) {
      // Two lines a key: picocli wraps the footer at 80 columns without indenting.
      lines.add(("  " + key.name() + " " + describe(key)).stripTrailing());
      lines.add("      " + key.help());
    }
    return String.join("%n", lines) + "%n";
  }

  private static String describe(Key<?> key) {
    List<Provider> readers = Arrays.stream(Provider.values()).filter(key::readBy).toList();
    List<String> parts = new ArrayList<>();
    if (!key.common()) {
      parts.add(readers.stream().map(Provider::value).collect(Collectors.joining(", ")));
    }
    if (key.source() == Source.SECRET) {
      parts.add("secret");
    }
    if (readers.stream().anyMatch(key::requiredFor)) {
      parts.add("required");
    }
    String defaults =
        readers.stream()
                    .filter(p -> key.defaultFor(p).isPresent())
                    .map(p -> key.defaultFor(p).get())
                    .distinct()
                    .count()
                > 1
            ? readers.stream()
                .map(p -> p.value() + " " + key.defaultFor(p).orElse("none"))
                .collect(Collectors.joining(", "))
            : readers.stream()
                .map(key::defaultFor)
                .flatMap(java.util.Optional::stream)
                .findFirst()
                .orElse(null);
    if (defaults != null) {
      parts.add("default " + defaults);
    }
    return parts.isEmpty() ? "" : "(" + String.join("; ", parts) + ")";
  }
}
