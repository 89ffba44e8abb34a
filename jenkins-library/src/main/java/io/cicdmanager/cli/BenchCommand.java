package io.cicdmanager.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cicd bench}: benchmarks that print their figures. Each benchmark is a subcommand; add yours to the
 * {@code subcommands} list below.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Runs a benchmark and prints its figures (throughput, latency, memory).",
        synopsisSubcommandLabel = "BENCHMARK",
        subcommands = {
            BenchGateCommand.class,
            BenchAbortCommand.class,
            BenchDoraCommand.class,
            BenchDetectionCommand.class,
            BenchChaosCommand.class,
        })
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a benchmark is required");
    }
}
