package io.spikemesh.runtime.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spikemesh.protocol.LayerTraffic;
import io.spikemesh.protocol.LinkTraffic;
import io.spikemesh.protocol.PartitionInfo;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.protocol.TrafficReport;
import io.spikemesh.protocol.TrafficTotals;
import io.spikemesh.runtime.network.CompiledLayer;
import io.spikemesh.runtime.partition.Partition;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/** Builds the {@code TrafficReport} of a run from its {@link TrafficMeter} and writes it as JSON, CSV or a PNG. */
public final class TrafficReports {
    private TrafficReports() {
    }

    /** The report of everything the meter counted so far. */
    public static TrafficReport build(String modelName, String transport, int partitionSize, int timeSteps,
                                      long samples, TrafficMeter meter, long backPressureEvents, double wallSeconds) {
        TrafficReport.Builder report = TrafficReport.newBuilder().setModelName(modelName).setTransport(transport)
                .setPartitionSize(partitionSize).setTimeSteps(timeSteps).setSamples(samples)
                .setBackPressureEvents(backPressureEvents).setWallSeconds(wallSeconds);
        for (Partition p : meter.plan().partitions()) {
            CompiledLayer layer = meter.network().layer(p.layerIndex());
            report.addPartitions(PartitionInfo.newBuilder().setId(p.id()).setLayer(p.layerName())
                    .setFirstNeuron(layer.toModelOrder(p.lo())).setNeuronCount(p.size()).setNode("local"));
        }
        double frames = 0;
        double spikes = 0;
        double bytes = 0;
        for (Partition p : meter.plan().partitions()) {
            for (int d : meter.routing().destinations(p.id())) {
                TrafficMeter.LinkCounters c = meter.link(p.id(), d);
                LinkTraffic link = LinkTraffic.newBuilder().setSourcePartition(p.id()).setDestinationPartition(d)
                        .setFrames(c.frames().get()).setPositiveSpikes(c.positive().get())
                        .setNegativeSpikes(c.negative().get()).setBytes(c.bytes().get()).build();
                report.addLinks(link);
                frames += link.getFrames();
                spikes += link.getPositiveSpikes() + link.getNegativeSpikes();
                bytes += link.getBytes();
            }
        }
        double synops = 0;
        for (CompiledLayer layer : meter.network().layers()) {
            TrafficMeter.LayerCounters c = meter.layer(layer.index());
            report.addLayers(LayerTraffic.newBuilder().setLayer(layer.name()).setPositiveSpikes(c.positive().get())
                    .setNegativeSpikes(c.negative().get()).setSynapticOperations(c.synapticOperations().get())
                    .setNeurons(layer.size()));
            synops += c.synapticOperations().get();
        }
        TrafficTotals total = TrafficTotals.newBuilder().setFrames(frames).setSpikes(spikes).setBytes(bytes)
                .setSynapticOperations(synops).build();
        double n = Math.max(1, samples);
        report.setTotal(total).setPerSample(TrafficTotals.newBuilder().setFrames(frames / n).setSpikes(spikes / n)
                .setBytes(bytes / n).setSynapticOperations(synops / n));
        return report.build();
    }

    /** The report as pretty-printed JSON (snake_case field names, as in traffic.proto). */
    public static String toJson(TrafficReport report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("model_name", report.getModelName()).put("transport", report.getTransport())
                .put("partition_size", report.getPartitionSize()).put("time_steps", report.getTimeSteps())
                .put("samples", report.getSamples()).put("back_pressure_events", report.getBackPressureEvents())
                .put("wall_seconds", report.getWallSeconds());
        root.set("total", totals(mapper, report.getTotal()));
        root.set("per_sample", totals(mapper, report.getPerSample()));
        ArrayNode layers = root.putArray("layers");
        for (LayerTraffic l : report.getLayersList()) {
            layers.addObject().put("layer", l.getLayer()).put("positive_spikes", l.getPositiveSpikes())
                    .put("negative_spikes", l.getNegativeSpikes())
                    .put("synaptic_operations", l.getSynapticOperations()).put("neurons", l.getNeurons());
        }
        ArrayNode partitions = root.putArray("partitions");
        for (PartitionInfo p : report.getPartitionsList()) {
            partitions.addObject().put("id", p.getId()).put("layer", p.getLayer())
                    .put("first_neuron", p.getFirstNeuron()).put("neuron_count", p.getNeuronCount())
                    .put("node", p.getNode());
        }
        ArrayNode links = root.putArray("links");
        for (LinkTraffic l : report.getLinksList()) {
            links.addObject().put("source_partition", l.getSourcePartition())
                    .put("destination_partition", l.getDestinationPartition()).put("frames", l.getFrames())
                    .put("positive_spikes", l.getPositiveSpikes()).put("negative_spikes", l.getNegativeSpikes())
                    .put("bytes", l.getBytes());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
    }

    private static ObjectNode totals(ObjectMapper mapper, TrafficTotals t) {
        return mapper.createObjectNode().put("frames", t.getFrames()).put("spikes", t.getSpikes())
                .put("bytes", t.getBytes()).put("synaptic_operations", t.getSynapticOperations());
    }

    /**
     * The report as CSV: one row per link ({@code kind=link}) and per layer ({@code kind=layer}), with a header.
     */
    public static String toCsv(TrafficReport report) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println("kind,name,source_partition,destination_partition,frames,positive_spikes,negative_spikes,bytes,"
                + "synaptic_operations");
        for (LinkTraffic l : report.getLinksList()) {
            out.printf("link,P%d->P%d,%d,%d,%d,%d,%d,%d,%n", l.getSourcePartition(), l.getDestinationPartition(),
                    l.getSourcePartition(), l.getDestinationPartition(), l.getFrames(), l.getPositiveSpikes(),
                    l.getNegativeSpikes(), l.getBytes());
        }
        for (LayerTraffic l : report.getLayersList()) {
            out.printf("layer,%s,,,,%d,%d,,%d%n", csv(l.getLayer()), l.getPositiveSpikes(), l.getNegativeSpikes(),
                    l.getSynapticOperations());
        }
        out.flush();
        return text.toString();
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** Writes JSON, CSV or PNG by the file's extension ({@code .json}, {@code .csv}, {@code .png}). */
    public static void write(TrafficReport report, Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try {
            if (name.endsWith(".json")) {
                Files.writeString(file, toJson(report), StandardCharsets.UTF_8);
            } else if (name.endsWith(".csv")) {
                Files.writeString(file, toCsv(report), StandardCharsets.UTF_8);
            } else if (name.endsWith(".png")) {
                writeHeatmap(report, file, 900, 800);
            } else {
                throw new SpikemeshException("cannot tell the traffic report format of " + file
                        + "; name it *.json, *.csv or *.png");
            }
        } catch (IOException e) {
            throw new SpikemeshException("could not write the traffic report " + file + ": " + e.getMessage(), e);
        }
    }

    /** A heatmap of spikes per link: source partition on x, destination on y, colour = spikes (log scale). */
    public static void writeHeatmap(TrafficReport report, Path file, int width, int height) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int links = report.getLinksCount();
        double[][] series = new double[3][links];
        double max = 0;
        for (int i = 0; i < links; i++) {
            LinkTraffic l = report.getLinks(i);
            series[0][i] = l.getSourcePartition();
            series[1][i] = l.getDestinationPartition();
            series[2][i] = Math.log10(1 + l.getPositiveSpikes() + l.getNegativeSpikes());
            max = Math.max(max, series[2][i]);
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("spikes", series);
        LookupPaintScale scale = new LookupPaintScale(0, Math.max(max, 1e-9) + 1e-9, new Color(235, 235, 235));
        int shades = 32;
        for (int s = 0; s < shades; s++) {
            float f = s / (float) (shades - 1);
            scale.add(max * s / shades, new Color(1f - 0.8f * f, 1f - 0.9f * f, 1f - 0.3f * f));
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        NumberAxis x = new NumberAxis("source partition");
        NumberAxis y = new NumberAxis("destination partition");
        x.setRange(-0.5, report.getPartitionsCount() - 0.5);
        y.setRange(-0.5, report.getPartitionsCount() - 0.5);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart("Spike traffic per link (" + report.getTransport() + ", "
                + report.getSamples() + " samples)", plot);
        chart.removeLegend();
        NumberAxis legendAxis = new NumberAxis("log10(1 + spikes)");
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        chart.addSubtitle(legend);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
    }
}
