package io.spikemesh.converter.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long task: a console progress bar (with rate and ETA) or nothing, for tests and JSON output.
 */
public interface Progress {
    /** Starts a task of {@code total} units. */
    Task start(String name, long total);

    /** One running task. */
    interface Task extends AutoCloseable {
        void step(long units);

        void message(String extra);

        @Override
        void close();
    }

    Progress NONE = (name, total) -> new Task() {
        @Override
        public void step(long units) {
        }

        @Override
        public void message(String extra) {
        }

        @Override
        public void close() {
        }
    };

    /** A me.tongfei progress bar on standard error, so standard output stays clean for tables and JSON. */
    static Progress console() {
        return console(System.err);
    }

    static Progress console(PrintStream out) {
        // On a terminal the bar redraws in place; in a log (CI, a pipe) it prints one line every 10 seconds instead
        // of one endless line of carriage returns.
        boolean terminal = System.console() != null;
        return (name, total) -> {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(terminal ? new ConsoleProgressBarConsumer(out)
                            : new DelegatingProgressBarConsumer(out::println, 100))
                    .setUpdateIntervalMillis(terminal ? 500 : 10_000).showSpeed().build();
            return new Task() {
                @Override
                public void step(long units) {
                    bar.stepBy(units);
                }

                @Override
                public void message(String extra) {
                    bar.setExtraMessage(extra);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        };
    }
}
