package dev.batch.cli;

import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** What every subcommand has: the root command (URL, key, output). */
abstract class Subcommand {
    @ParentCommand
    Batchctl root;

    /** A command about one job. */
    abstract static class OnJob extends Subcommand {
        @Parameters(paramLabel = "JOB")
        String job;
    }
}
