package dev.osc.dev;

import dev.osc.cli.Osc;
import picocli.CommandLine;

/**
 * The {@code ./osc} of a checkout: every command of the production {@code osc}, plus the playground
 * and the benchmarks. Those run the operator against the testkit's embedded API server and
 * simulators, which stay out of the production jar and image.
 */
public final class OscDev {
  private OscDev() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return Osc.commandLine(new PlaygroundCommand(), new BenchCommand());
  }
}
