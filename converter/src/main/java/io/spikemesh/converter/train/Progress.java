package io.spikemesh.converter.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import java.io.PrintStream;
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
        return (name, total) -> {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(
                            out)).setUpdateIntervalMillis(500).showSpeed().build();
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
