package dev.osc.api.peerpods;

import dev.osc.initdata.Initdata;
import dev.osc.initdata.InitdataAnnotation;
import dev.osc.initdata.InitdataException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The value shapes of peer-pods keys, decided once for the operator, the adaptor and the image
 * Jobs. Where upstream's adaptor parses a shape with Go's standard library, the same inputs are
 * accepted here (booleans as strconv.ParseBool, durations as time.ParseDuration, numbers as
 * strconv.Atoi), except that negative durations and sizes are refused.
 */
public final class Parsers {
  private Parsers() {}

  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DURATION_PART =
      Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
  // AWS 3.2: "Specify the allowed instance types, without spaces".
  private static final Pattern LIST = Pattern.compile("[^,\\s]+(,[^,\\s]+)*");
  // AWS 3.2 example "key1=value1,key2=value2"; upstream splits on ',' then '='.
  private static final Pattern PAIR = Pattern.compile("([^,=\\s]+)=([^,]*)");
  private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
  private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

  // The documentation's placeholders: a whole value in angle brackets (<aws_region>), or a word in
  // angle brackets inside one (/var/lib/libvirt/images/<directory_name>,
  // oci::<image_repo_url>:...).
  private static final Pattern PLACEHOLDER = Pattern.compile("^<[^>]*>$|<[A-Za-z][A-Za-z0-9_.-]*>");

  public static final Parser<String> TEXT = value -> value;

  public static final Parser<Path> PATH = Path::of;

  public static final Parser<String> ABSOLUTE_PATH =
      value -> {
        if (!value.startsWith("/")) {
          throw new InvalidValue("an absolute directory path is expected");
        }
        return value;
      };

  public static final Parser<Boolean> BOOLEAN =
      value -> {
        if (TRUE.contains(value)) {
          return true;
        }
        if (FALSE.contains(value)) {
          return false;
        }
        throw new InvalidValue("\"true\" or \"false\" is expected");
      };

  public static final Parser<Integer> PORT =
      value -> wholeNumber(value, 1, 65535, "", "a port number from 1 to 65535 is expected");

  public static final Parser<Duration> DURATION = Parsers::duration;

  public static final Parser<List<String>> LIST_WITHOUT_SPACES =
      value -> {
        if (!LIST.matcher(value).matches()) {
          throw new InvalidValue("a comma-separated list without spaces is expected");
        }
        return List.copyOf(Arrays.stream(value.split(",")).distinct().toList());
      };

  public static final Parser<Map<String, String>> KEY_VALUE_PAIRS =
      value -> {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String item : value.split(",", -1)) {
          Matcher m = PAIR.matcher(item);
          if (!m.matches()) {
            throw new InvalidValue(
                "key=value pairs separated by commas are expected, such as"
                    + " key1=value1,key2=value2");
          }
          if (pairs.put(m.group(1), m.group(2)) != null) {
            throw new InvalidValue("key " + m.group(1) + " is given twice");
          }
        }
        return Collections.unmodifiableMap(pairs);
      };

  /** TLS cipher suites by IANA name, each one this JVM (the operator's and the adaptor's) has. */
  public static final Parser<List<String>> CIPHER_SUITES =
      value -> {
        List<String> suites = LIST_WITHOUT_SPACES.parse(value);
        Set<String> known;
        try {
          known = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("no TLS in this JVM", e);
        }
        suites.stream()
            .filter(s -> !known.contains(s))
            .findFirst()
            .ifPresent(
                s -> {
                  throw new InvalidValue(
                      s
                          + " is not a cipher suite of this adaptor (IANA names are"
                          + " expected, such as TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)");
                });
        return suites;
      };

  public static final Parser<Provider> PROVIDER =
      value -> Provider.fromValue(value).orElseThrow(() -> new InvalidValue("unsupported value"));

  /**
   * An initdata document, raw TOML or as the annotation carries it (gzip, then base64); the raw
   * document, checked with Kata's rules: a VM booted with a broken one fails its attestation much
   * later, far from the cause.
   */
  public static final Parser<String> INITDATA =
      value -> {
        String raw;
        try {
          raw = new String(InitdataAnnotation.decode(value), StandardCharsets.UTF_8);
        } catch (InitdataException notEncoded) {
          raw = value;
        }
        try {
          Initdata.parse(raw);
        } catch (InitdataException e) {
          throw new InvalidValue(e.getMessage());
        }
        return raw;
      };

  /**
   * Refuses a value that still holds one of the documentation's placeholders: such a value would
   * otherwise reach the cloud (a region named {@code <aws_region>}) and fail far from its cause.
   * Every key's value goes through this before its own parser.
   */
  static void refusePlaceholder(String value) {
    Matcher m = PLACEHOLDER.matcher(value);
    if (m.find()) {
      throw new InvalidValue(
          "holds a placeholder from the documentation ("
              + (m.group().length() > 40 ? m.group().substring(0, 40) + "...>" : m.group())
              + "): replace it with the real value");
    }
  }

  /** A decimal whole number from {@code min} to {@code max}; {@code unit} follows the minimum. */
  public static Parser<Integer> atLeast(int min, String unit) {
    return between(min, Integer.MAX_VALUE, unit);
  }

  /** A decimal whole number from {@code min} to {@code max}. */
  public static Parser<Integer> between(int min, int max, String unit) {
    return value -> wholeNumber(value, min, max, unit, null);
  }

  /** A URI with one of the schemes (any scheme when none is given) and, for http(s), a host. */
  public static Parser<URI> uri(String expected, String... schemes) {
    List<String> allowed = List.of(schemes);
    return value -> {
      try {
        URI uri = new URI(value);
        boolean schemeOk =
            uri.getScheme() != null && (allowed.isEmpty() || allowed.contains(uri.getScheme()));
        boolean hostOk = !uri.getScheme().startsWith("http") || uri.getHost() != null;
        if (schemeOk && hostOk) {
          return uri;
        }
      } catch (URISyntaxException | NullPointerException notAUri) {
        // reported below
      }
      throw new InvalidValue(expected + " is expected");
    };
  }

  /** A text matching {@code pattern}. */
  public static Parser<String> matching(Pattern pattern, String expected) {
    return value -> {
      if (!pattern.matcher(value).matches()) {
        throw new InvalidValue(expected + " is expected");
      }
      return value;
    };
  }

  /**
   * A whole number from {@code min} to {@code max}; a reason names the bound crossed, or is {@code
   * expected} when one is given.
   */
  static int wholeNumber(String value, int min, int max, String unit, String expected) {
    if (!WHOLE_NUMBER.matcher(value).matches()) {
      throw new InvalidValue(expected != null ? expected : "not a whole number");
    }
    String digits = value.replaceFirst("^[+-]", "");
    long n = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    n = value.startsWith("-") ? -n : n;
    if (n < min) {
      throw new InvalidValue(expected != null ? expected : "at least " + min + unit);
    }
    if (n > max) {
      throw new InvalidValue(expected != null ? expected : "at most " + max + unit);
    }
    return (int) n;
  }

  private static Duration duration(String value) {
    String expected = "a Go duration such as 5m, 90s or 1h30m is expected";
    String v = value.startsWith("+") ? value.substring(1) : value;
    if (v.startsWith("-")) {
      throw new InvalidValue("must not be negative");
    }
    if (v.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_PART.matcher(v);
    long nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      nanos +=
          (long)
              (n
                  * switch (m.group(2)) {
                    case "ns" -> 1L;
                    case "us", "\u00b5s", "\u03bcs" -> 1_000L;
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    default -> 3_600_000_000_000L;
                  });
      end = m.end();
    }
    if (end != v.length() || end == 0) {
      throw new InvalidValue(expected);
    }
    return Duration.ofNanos(nanos);
  }
}
