package dev.osc.api.v1;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a KataConfig spec; each problem names the field and the reason, in the API server's
 * wording. Shared by the operator's reconciler and the admission webhook.
 */
public final class SpecValidator {
  private SpecValidator() {}

  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

  /** The problems found; empty when the spec is valid. */
  public static List<String> validate(KataConfigSpec spec) {
    List<String> errors = new ArrayList<>();
    if (spec == null) {
      return errors;
    }
    String level = spec.getLogLevel();
    if (level != null && !level.isEmpty()) {
      try {
        LogLevel.parse(level);
      } catch (IllegalArgumentException e) {
        errors.add(
            "spec.logLevel: Unsupported value: \""
                + level
                + "\": supported values: "
                + Arrays.stream(LogLevel.values())
                    .map(l -> "\"" + l.value() + "\"")
                    .collect(Collectors.joining(", ")));
      }
    }
    validateSelector(spec.getKataConfigPoolSelector(), "spec.kataConfigPoolSelector", errors);
    return errors;
  }

  static void validateSelector(LabelSelector selector, String path, List<String> errors) {
    if (selector == null) {
      return;
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        String at = path + ".matchLabels";
        labelKey(e.getKey(), at, errors);
        labelValue(e.getValue(), at, errors);
      }
    }
    List<LabelSelectorRequirement> exprs = selector.getMatchExpressions();
    for (int i = 0; exprs != null && i < exprs.size(); i++) {
      String at = path + ".matchExpressions[" + i + "]";
      // A JSON null decodes to an empty requirement on the API server: judge it as one.
      LabelSelectorRequirement r =
          exprs.get(i) == null ? new LabelSelectorRequirement() : exprs.get(i);
      labelKey(r.getKey(), at + ".key", errors);
      String op = r.getOperator() == null ? "" : r.getOperator();
      int values = r.getValues() == null ? 0 : r.getValues().size();
      if (!OPERATORS.contains(op)) {
        errors.add(
            at
                + ".operator: Unsupported value: \""
                + op
                + "\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"");
      } else if ((op.equals("In") || op.equals("NotIn")) && values == 0) {
        errors.add(
            at
                + ".values: Required value: must be specified when `operator` is 'In' or"
                + " 'NotIn'");
      } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && values > 0) {
        errors.add(
            at
                + ".values: Forbidden: may not be specified when `operator` is 'Exists' or"
                + " 'DoesNotExist'");
      }
      for (int j = 0; j < values; j++) {
        labelValue(r.getValues().get(j), at + ".values[" + j + "]", errors);
      }
    }
  }

  private static void labelValue(String v, String at, List<String> errors) {
    if (v == null || (!v.isEmpty() && (v.length() > 63 || !NAME.matcher(v).matches()))) {
      errors.add(
          at
              + ": Invalid value: \""
              + v
              + "\": a valid label value must be 63"
              + " characters or less, and consist of alphanumerics, '-', '_' or '.'");
    }
  }

  private static void labelKey(String key, String at, List<String> errors) {
    String name = key == null ? "" : key;
    String prefix = null;
    int slash = name.indexOf('/');
    if (slash >= 0) {
      prefix = name.substring(0, slash);
      name = name.substring(slash + 1);
    }
    boolean ok =
        !name.isEmpty()
            && name.length() <= 63
            && NAME.matcher(name).matches()
            && (prefix == null
                || (!prefix.isEmpty()
                    && prefix.length() <= 253
                    && DNS_SUBDOMAIN.matcher(prefix).matches()));
    if (!ok) {
      errors.add(
          at
              + ": Invalid value: \""
              + (key == null ? "" : key)
              + "\": a valid label key is"
              + " an optional DNS subdomain prefix and '/', then a name of at most 63 alphanumerics,"
              + " '-', '_' or '.'");
    }
  }
}
