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
      MustGatherCommand.class
    })
public final class Osc {
  public static void main(String[] args) {
    CommonPool.atLeastTwoWorkers();
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line, with {@code more} subcommands after the production ones: the checkout's
   * {@code ./osc} adds the playground and the benchmarks, which the image does not carry.
   */
  public static CommandLine commandLine(Object... more) {
    CommonPool.atLeastTwoWorkers();
    CommandLine osc = new CommandLine(new Osc());
    osc.getSubcommands().get("caa").getCommandSpec().usageMessage().footer(KeyHelp.environment());
    for (Object command : more) {
      osc.addSubcommand(command);
    }
    return osc.addSubcommand(new CommandLine.HelpCommand());
  }
}
