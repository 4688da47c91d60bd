package io.spikemesh.converter.eval;

import io.spikemesh.protocol.SpikemeshException;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws accuracy against T (SNN with and without suppression, with the ANN accuracies as flat references). */
public final class AccuracyPlot {
    private AccuracyPlot() {
    }

    public static void write(EvaluationResult result, Path png) {
        // No display is needed, and none may exist (CI, ssh).
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries with = new XYSeries("SNN, suppression on");
        XYSeries without = new XYSeries("SNN, suppression off");
        double minT = Double.MAX_VALUE;
        double maxT = 0;
        for (SnnRun r : result.runs()) {
            if (r.settle()) {
                continue;
            }
            (r.suppression() ? with : without).add(r.timeSteps(), 100 * r.accuracy());
            minT = Math.min(minT, r.timeSteps());
            maxT = Math.max(maxT, r.timeSteps());
        }
        data.addSeries(with);
        if (!without.isEmpty()) {
            data.addSeries(without);
        }
        if (result.qannAccuracy().isPresent()) {
            data.addSeries(flat("quantized ANN", result.qannAccuracy().getAsDouble(), minT, maxT));
        }
        data.addSeries(flat("integer quantized ANN", result.intQannAccuracy(), minT, maxT));
        if (result.floatAccuracy().isPresent()) {
            data.addSeries(flat("float ANN", result.floatAccuracy().getAsDouble(), minT, maxT));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(result.model() + " on " + result.dataset()
                + ": accuracy vs time steps", "time steps T", "accuracy (%)", data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        Path tmp = null;
        try {
            Path dir = png.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            // createFile, not createTempFile: the plot gets the umask's permissions, not owner-only ones.
            tmp = Files.createFile(dir.resolve("." + png.getFileName() + "." + System.nanoTime() + ".tmp"));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ChartUtils.writeChartAsPNG(out, chart, 800, 500);
            }
            Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new SpikemeshException("Cannot write the plot " + png + ": " + e.getMessage()
                    + "; choose a writable path.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort cleanup
                }
            }
        }
    }

    private static XYSeries flat(String name, double accuracy, double minT, double maxT) {
        XYSeries s = new XYSeries(name);
        s.add(minT, 100 * accuracy);
        s.add(maxT, 100 * accuracy);
        return s;
    }
}
