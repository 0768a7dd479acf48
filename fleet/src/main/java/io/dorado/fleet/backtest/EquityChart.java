package io.dorado.fleet.backtest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A backtest's equity curves as a standalone SVG: the fleet's (the guardian's equity) in black and each bot's in a
 * colour of its own, on one axis, with the range and the dates written on it. Plain text, no library.
 */
final class EquityChart {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 360;
  private static final int PAD = 50;
  private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"};

  private EquityChart() {}

  static String svg(BacktestReport r) {
    var points = r.equity();
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (var p : points) {
      min = Math.min(min, p.fleet().doubleValue());
      max = Math.max(max, p.fleet().doubleValue());
      for (BigDecimal e : p.bots().values()) {
        min = Math.min(min, e.doubleValue());
        max = Math.max(max, e.doubleValue());
      }
    }
    if (max - min < 1e-9) {
      max += 1;
      min -= 1;
    }
    var svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"13\">Equity: %s, %s .. %s</text>%n",
        PAD, escape(r.config()), r.from(), r.to()));
    svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%.0f</text><text x=\"4\" y=\"%d\">%.0f</text>%n",
        PAD, max, HEIGHT - PAD, min));
    svg.append(line(points.stream().map(p -> p.fleet()).toList(), min, max, "black", 2));
    var ids = new ArrayList<>(r.bots().keySet());
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      String colour = COLOURS[i % COLOURS.length];
      svg.append(line(points.stream().map(p -> p.bots().get(id)).toList(), min, max, colour, 1));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", WIDTH - 160,
          PAD + 14 * (i + 1), colour, escape(id)));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">fleet</text>%n", WIDTH - 160, PAD));
    return svg.append("</svg>\n").toString();
  }

  private static String line(List<BigDecimal> values, double min, double max, String colour, int width) {
    var path = new StringBuilder();
    int n = values.size();
    for (int i = 0; i < n; i++) {
      double x = PAD + (WIDTH - 2.0 * PAD) * (n == 1 ? 0 : (double) i / (n - 1));
      double y = HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * (values.get(i).doubleValue() - min) / (max - min);
      path.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
    }
    return String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%d\"/>%n", path, colour,
        width);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
