package dev.osc.policy;

import java.util.List;
import java.util.Map;

/** A parsed Rego module: its package path, import aliases and rules in source order. */
public final class Module {
  private final String fileName;
  private final List<String> packagePath;
  private final Map<String, Term> imports;
  private final List<Rule> rules;

  Module(String fileName, List<String> packagePath, Map<String, Term> imports, List<Rule> rules) {
    this.fileName = fileName;
    this.packagePath = List.copyOf(packagePath);
    this.imports = Map.copyOf(imports);
    this.rules = List.copyOf(rules);
  }

  public String fileName() {
    return fileName;
  }

  /** The package path without the leading "data", e.g. [agent_policy]. */
  public List<String> packagePath() {
    return packagePath;
  }

  /** The names of the rules and functions it defines, in source order, each once. */
  public List<String> ruleNames() {
    return rules.stream().map(Rule::name).distinct().toList();
  }

  Map<String, Term> imports() {
    return imports;
  }

  List<Rule> rules() {
    return rules;
  }

  @Override
  public String toString() {
    return "Module["
        + fileName
        + ", package "
        + String.join(".", packagePath)
        + ", "
        + rules.size()
        + " rules]";
  }
}
