package dev.osc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one command. */
@Command(
    name = "osc",
    mixinStandardHelpOptions = true,
    version = "osc 0.1.0",
    description = "Sandboxed containers for Kubernetes and OpenShift: run pods in lightweight VMs.",
    subcommands = {
      OperatorCommand.class,
      WebhookCommand.class,
      CaaCommand.class,
      ForwarderCommand.class,
      AgentStandInCommand.class,
      PodVmImageCommand.class,
      PolicyCommand.class,
      InitdataCommand.class,
      PlaygroundCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Osc {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Osc()).execute(args));
  }
}
