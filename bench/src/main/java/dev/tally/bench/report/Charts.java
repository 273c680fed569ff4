package dev.tally.bench.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.tally.bench.Row;

/** The benchmark's two charts as plain SVG, so that they render on any repository host without a tool. */
final class Charts {

    private Charts() {
    }

    /** Horizontal bars: transfers per second of each closed-loop scenario, with the combined ceiling in grey. */
    static String throughput(List<Row> rows, Double ceiling) {
        List<Row> bars = rows.stream().filter(row -> row.offered() == 0 && !row.group().equals("clients")).toList();
        double max = Math.max(ceiling == null ? 0 : ceiling, bars.stream().mapToDouble(Row::perSecond)
                .max().orElse(1));
        int barHeight = 26;
        int labelWidth = 420;
        int width = 960;
        int count = bars.size() + (ceiling == null ? 0 : 1);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"13\">%n", width, count * barHeight + 40));
        svg.append("<text x=\"10\" y=\"20\" font-weight=\"bold\">Transfers per second, closed loop (same run)"
                + "</text>\n");
        int i = 0;
        if (ceiling != null) {
            bar(svg, i++, "combined ceiling (Kafka echo and SQL batch at once)", ceiling, max, "#999999",
                    barHeight, labelWidth, width);
        }
        for (Row row : bars) {
            bar(svg, i++, row.scenario().replace("closed loop, ", ""), row.perSecond(), max, "#3a6ea5", barHeight,
                    labelWidth, width);
        }
        return svg.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder svg, int index, String label, double value, double max, String colour,
                            int barHeight, int labelWidth, int width) {
        int y = 30 + index * barHeight;
        int length = (int) ((width - labelWidth - 90) * (value / max));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 17, escape(label)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                labelWidth, y + 4, Math.max(length, 1), barHeight - 8, colour));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%,.0f</text>%n", labelWidth + length + 6,
                y + 17, value));
    }

    /**
     * Latency (logarithmic axis) against the offered rate: p50, p99 and p99.9 of the open-loop runs with uniform
     * transfers (the curve and the fixed rates), with the decided rate printed under each point.
     */
    static String latencyCurve(List<Row> rows) {
        List<Row> points = rows.stream()
                .filter(row -> row.offered() > 0 && row.perSecond() > 0 && row.scenario().contains("uniform")
                        || row.group().equals("curve") && row.perSecond() > 0)
                .filter(row -> !row.group().equals("warm-up") && !row.group().equals("clients"))
                .sorted(Comparator.comparingDouble(Row::offered))
                .toList();
        int width = 760;
        int height = 420;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 70;
        double maxRate = points.stream().mapToDouble(Row::offered).max().orElse(1);
        double minMs = 1;
        double maxMs = Math.max(10, points.stream().mapToDouble(Row::p999).max().orElse(10));
        double logMin = Math.log10(minMs);
        double logMax = Math.ceil(Math.log10(maxMs));
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"12\">%n", width, height));
        svg.append("<text x=\"10\" y=\"20\" font-weight=\"bold\">Publish-to-result latency against the offered rate"
                + " (open loop, uniform, same run)</text>\n");
        int plotWidth = width - left - right;
        int plotHeight = height - top - bottom;
        for (double decade = logMin; decade <= logMax; decade++) {
            double y = top + plotHeight * (1 - (decade - logMin) / (logMax - logMin));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"#dddddd\"/>%n", left, y, width - right, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%,.0f ms</text>%n",
                    left - 6, y + 4, Math.pow(10, decade)));
        }
        for (Row row : points) {
            double x = left + plotWidth * row.offered() / maxRate;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%,.0f/s</text>%n",
                    x, height - bottom + 18, row.offered()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                    + "fill=\"#777777\">%,.0f</text>%n", x, height - bottom + 34, row.perSecond()));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">offered rate (decided rate in grey)</text>%n",
                left, height - 12));
        line(svg, points, Row::p50, "#3a6ea5", "p50", 0, left, top, plotWidth, plotHeight, maxRate,
                logMin, logMax);
        line(svg, points, Row::p99, "#d08020", "p99", 1, left, top, plotWidth, plotHeight, maxRate,
                logMin, logMax);
        line(svg, points, Row::p999, "#b03030", "p99.9", 2, left, top, plotWidth, plotHeight, maxRate,
                logMin, logMax);
        return svg.append("</svg>\n").toString();
    }

    private static void line(StringBuilder svg, List<Row> points, ToDoubleFunction<Row> value,
                             String colour, String label, int legend, int left, int top, int plotWidth,
                             int plotHeight, double maxRate, double logMin, double logMax) {
        StringBuilder path = new StringBuilder();
        for (Row row : points) {
            double x = left + plotWidth * row.offered() / maxRate;
            double ms = Math.max(1, value.applyAsDouble(row));
            double y = top + plotHeight * (1 - (Math.log10(ms) - logMin) / (logMax - logMin));
            path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y,
                    colour));
        }
        svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                path, colour));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\" font-weight=\"bold\">%s</text>%n",
                left + 10 + legend * 60, top - 6, colour, label));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }
}
