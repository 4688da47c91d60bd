package io.spikemesh.examples;

import io.spikemesh.converter.Demo;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikemesh demo}: train, convert and evaluate the default 2-bit Fashion-MNIST CNN in one go. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train the default 2-bit CNN on Fashion-MNIST (QFFS), convert it to an SNN, evaluate it with "
                + "the reference simulator and print the table (about 10 minutes on 2 cores).")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOption progress;

    @Option(names = "--out", paramLabel = "DIR", description = "where the model file and plot go "
            + "(default: ${DEFAULT-VALUE})")
    Path out = Path.of("spikemesh-demo");

    @Option(names = "--data", paramLabel = "DIR", description = "directory with Fashion-MNIST's IDX files")
    Path data;

    @Option(names = "--quick", description = "a smoke run in well under a minute: 2000 training images, one float "
            + "and one QAT epoch, 1000 test images (accuracy far below the full demo's)")
    boolean quick;

    @Option(names = "--json", description = "print the evaluation as one JSON object (the log goes to stderr)")
    boolean json;

    @Override
    public Integer call() {
        Demo.Options options = Demo.Options.defaults().withOutputDir(out).withDataDir(Optional.ofNullable(data))
                .withProgress(!progress.quiet);
        if (quick) {
            options = options.withTrain(options.train().withTrainLimit(2000).withEpochs(1, 1))
                    .withEval(options.eval().withLimit(1000).withSweepLimit(500));
        }
        PrintStream log = json ? System.err : System.out;
        Demo.Result result = Demo.run(options, log);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> map = result.evaluation().toMap();
            map.put("model_file", result.modelFile().toString());
            map.put("plot", result.plotFile().toString());
            map.put("seconds", result.seconds());
            stdout.println(Reports.json(map));
        } else {
            log.flush();
            stdout.println();
            stdout.print(result.evaluation().table());
            stdout.printf("%nmodel: %s%nplot:  %s%ntotal: %.0f s%n", result.modelFile(), result.plotFile(),
                    result.seconds());
            stdout.printf("%nnext: ./spikemesh run --model %s --transport ipc --traffic traffic.json%n",
                    result.modelFile());
        }
        return 0;
    }
}
