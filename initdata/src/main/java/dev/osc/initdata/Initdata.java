package dev.osc.initdata;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlReadFeature;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An initdata document (trustee kbs/docs/initdata.md, in TOML as Confidential Containers uses it),
 * keeping the exact bytes it was read from: the digest is over those bytes, never over a
 * re-serialisation. Version and algorithm are checked as Kata does; unknown top-level keys, which
 * Kata ignores, are refused here, since they are most likely a typo that the digest still covers.
 */
public final class Initdata {
  public static final String VERSION = "0.1.0";
  public static final String KEY_VERSION = "version";
  public static final String KEY_ALGORITHM = "algorithm";
  public static final String KEY_DATA = "data";
  private static final Set<String> KEYS = Set.of(KEY_VERSION, KEY_ALGORITHM, KEY_DATA);

  // Dates parsed as dates, so that a date in [data] is not taken for a string.
  private static final TomlMapper TOML =
      TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();

  private final byte[] bytes;
  private final InitdataAlgorithm algorithm;
  private final Map<String, String> data;

  private Initdata(byte[] bytes, InitdataAlgorithm algorithm, Map<String, String> data) {
    this.bytes = bytes;
    this.algorithm = algorithm;
    this.data = data;
  }

  /** Parses and validates; every problem found is in the exception. */
  public static Initdata parse(byte[] bytes) {
    byte[] copy = bytes.clone();
    JsonNode root = readToml(utf8(copy));
    List<String> problems = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    root.fieldNames()
        .forEachRemaining(
            k -> {
              if (!KEYS.contains(k)) {
                unknown.add(k);
              }
            });
    if (!unknown.isEmpty()) {
      problems.add(
          "unknown top-level key"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown)
              + " (allowed: "
              + KEY_VERSION
              + ", "
              + KEY_ALGORITHM
              + ", "
              + KEY_DATA
              + ")");
    }
    JsonNode version = root.get(KEY_VERSION);
    if (version == null) {
      problems.add(KEY_VERSION + ": missing (must be \"" + VERSION + "\")");
    } else if (!version.isTextual() || !version.textValue().equals(VERSION)) {
      problems.add(KEY_VERSION + ": must be \"" + VERSION + "\", not " + describe(version));
    }
    InitdataAlgorithm algorithm = algorithm(root.get(KEY_ALGORITHM), problems);
    Map<String, String> data = data(root.get(KEY_DATA), problems);
    if (!problems.isEmpty()) {
      throw new InitdataException(problems);
    }
    return new Initdata(copy, algorithm, data);
  }

  public static Initdata parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The exact bytes the document was read from. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public InitdataAlgorithm algorithm() {
    return algorithm;
  }

  /** The {@code [data]} table in document order, e.g. aa.toml, cdh.toml, policy.rego. */
  public Map<String, String> data() {
    return data;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InitdataException("not UTF-8 text (TOML must be UTF-8)");
    }
  }

  private static JsonNode readToml(String text) {
    try {
      return TOML.readTree(text);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null || at.getLineNr() < 1
              ? ""
              : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new InitdataException("not valid TOML: " + where + e.getOriginalMessage());
    }
  }

  private static InitdataAlgorithm algorithm(JsonNode node, List<String> problems) {
    List<String> names = new ArrayList<>();
    for (InitdataAlgorithm a : InitdataAlgorithm.values()) {
      names.add(a.tomlName());
    }
    String allowed = String.join(", ", names);
    if (node == null) {
      problems.add(KEY_ALGORITHM + ": missing (one of " + allowed + ")");
      return null;
    }
    InitdataAlgorithm found =
        node.isTextual() ? InitdataAlgorithm.byTomlName(node.textValue()).orElse(null) : null;
    if (found == null) {
      problems.add(KEY_ALGORITHM + ": must be one of " + allowed + ", not " + describe(node));
    }
    return found;
  }

  private static Map<String, String> data(JsonNode node, List<String> problems) {
    if (node == null) {
      problems.add(KEY_DATA + ": missing (an empty [" + KEY_DATA + "] table will do)");
      return Map.of();
    }
    if (!node.isObject()) {
      problems.add(KEY_DATA + ": must be a table of strings, not " + describe(node));
      return Map.of();
    }
    Map<String, String> data = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isTextual()) {
                data.put(e.getKey(), e.getValue().textValue());
              } else {
                problems.add(
                    KEY_DATA
                        + ".\""
                        + e.getKey()
                        + "\": must be a string, not "
                        + describe(e.getValue()));
              }
            });
    return Collections.unmodifiableMap(data);
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "\"" + node.textValue() + "\"";
    } else if (node.isIntegralNumber()) {
      return "the integer " + node.asText();
    } else if (node.isNumber()) {
      return "the float " + node.asText();
    } else if (node.isBoolean()) {
      return "the boolean " + node.asText();
    } else if (node.isObject()) {
      return "a table";
    } else if (node.isArray()) {
      return "an array";
    }
    return "a date/time";
  }
}
