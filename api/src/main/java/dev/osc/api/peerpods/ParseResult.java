package dev.osc.api.peerpods;

import java.util.List;

/**
 * What {@link PeerPodsConfig#parse} found: a valid configuration or the problems that prevent it;
 * either way the warnings (unknown or misplaced keys). Lists are sorted by object, then key.
 */
public sealed interface ParseResult {

  List<Problem> problems();

  List<Problem> warnings();

  /** A configuration the operator can deploy. */
  record Valid(PeerPodsConfig config, List<Problem> warnings) implements ParseResult {
    public Valid {
      warnings = List.copyOf(warnings);
    }

    @Override
    public List<Problem> problems() {
      return List.of();
    }
  }

  /** At least one problem; nothing may be deployed from this configuration. */
  record Invalid(List<Problem> problems, List<Problem> warnings) implements ParseResult {
    public Invalid {
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an invalid configuration has problems");
      }
      problems = List.copyOf(problems);
      warnings = List.copyOf(warnings);
    }
  }
}
