package io.spikemesh.examples;

import io.spikemesh.protocol.SpikemeshException;
import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code spikemesh} command-line tool. Each subcommand is one class in this package; they hold no logic of their
 * own beyond argument handling and printing, the work is done by the library modules.
 *
 * <p>User errors ({@link SpikemeshException}) print one line and exit 1; bad arguments print picocli's message and
 * usage and exit 2; anything else is a bug and keeps its stack trace.
 */
@Command(
        name = "spikemesh",
        mixinStandardHelpOptions = true,
        versionProvider = SpikemeshCli.Version.class,
        description = "QFFS spiking neural networks: train, convert, simulate and run them as partitioned actors.",
        subcommands = {
            SimulateCommand.class,
            TrainCommand.class,
            ConvertCommand.class,
            EvaluateCommand.class,
            DemoCommand.class,
            RunCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SpikemeshCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Initialise logging before Pekko and DJL start threads that log, or SLF4J warns about replayed calls.
        LoggerFactory.getILoggerFactory();
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the tool with the given streams and returns its exit code (used by tests too). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new SpikemeshCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            Throwable userError = userError(ex);
            if (userError != null) {
                cmd.getErr().println("spikemesh: error: " + userError.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            throw ex;
        });
        int code = cli.execute(args);
        // Tables are printed with print(), which an autoflushing PrintWriter does not flush.
        out.flush();
        err.flush();
        return code;
    }

    private static Throwable userError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof SpikemeshException) {
                return t;
            }
        }
        return null;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: one of simulate, train, "
                + "convert, evaluate, demo, run (see 'spikemesh --help')");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SpikemeshCli.class.getPackage().getImplementationVersion();
            return new String[] {"spikemesh " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
