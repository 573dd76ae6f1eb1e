package dev.magnus.rollback.cli;

import dev.magnus.rollback.Checkpoint;
import dev.magnus.rollback.CheckpointType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * Draw a Timeline as a standalone SVG picture: the checkpoints left to right on a time axis, one
 * coloured mark per checkpoint (colour by type, Okabe-Ito palette, so colour-blind readers can tell
 * them apart) with its sequence inside and a slanted label below (type, time since the first, the
 * description); each rollback an arrow arcing back from the pre-rollback head to its target, labelled.
 * Spacing grows with the logarithm of the time between neighbours, so bursts stay readable and long
 * pauses stay visible (a dashed axis segment says how long); the labels give the exact times. A
 * legend lists the types present and the arrow. Marks are <g class="checkpoint">, arrows <path
 * class="jump">, with <title> tooltips carrying ids and times. Stateless.
 */
final class TimelineSvg {
  private static final Map<CheckpointType, String[]> COLOURS = new EnumMap<>(CheckpointType.class);
  private static final String ARC = "#D55E00";
  private static final String FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
  private static final int LEFT = 60;
  private static final int R = 11;
  private static final int LABEL_CHARS = 44;
  private static final double SLANT = Math.toRadians(35);

  static {
    COLOURS.put(CheckpointType.SESSION_START, new String[] {"#0072B2", "#ffffff"});
    COLOURS.put(CheckpointType.PATTERN_MILESTONE, new String[] {"#CC79A7", "#ffffff"});
    COLOURS.put(CheckpointType.SCORING_DECISION, new String[] {"#56B4E9", "#1a1a1a"});
    COLOURS.put(CheckpointType.THERAPEUTIC_PHASE, new String[] {"#009E73", "#ffffff"});
    COLOURS.put(CheckpointType.USER_REQUESTED, new String[] {"#F0E442", "#1a1a1a"});
    COLOURS.put(CheckpointType.AUTO_PERIODIC, new String[] {"#BBBBBB", "#1a1a1a"});
    COLOURS.put(CheckpointType.PRE_ROLLBACK, new String[] {"#E69F00", "#1a1a1a"});
    COLOURS.put(CheckpointType.RECOVERY_POINT, new String[] {ARC, "#ffffff"});
  }

  private final Timeline timeline;
  private final double[] xs;
  private final double baseline;
  private final StringBuilder svg = new StringBuilder(8192);

  private TimelineSvg(Timeline timeline) {
    this.timeline = timeline;
    this.xs = positions(timeline);
    double highest = 0;
    for (Timeline.Jump j : timeline.jumps()) {
      highest = Math.max(highest, arcHeight(fromX(j), toX(j)));
    }
    this.baseline = 118 + highest;
  }

  /** Return the picture of a timeline with at least one checkpoint. */
  static String render(Timeline timeline) {
    return new TimelineSvg(timeline).draw();
  }

  private String draw() {
    double labelReach = LABEL_CHARS * 6.2;
    double width = Math.max(xs[xs.length - 1] + labelReach * Math.cos(SLANT) + 40, legendWidth() + 40);
    double height = baseline + 30 + labelReach * Math.sin(SLANT) + 20;
    svg.append(String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n<svg xmlns=\"http://www.w3"
        + ".org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\">%n", width,
        height, width, height, FONT));
    svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"8\" refY=\"5\" markerWidth=\"8\" "
        + "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"" + ARC
        + "\"/></marker></defs>\n");
    svg.append(String.format(Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>%n", width, height));
    heading();
    legend();
    axis();
    timeline.jumps().forEach(this::jump);
    for (int i = 0; i < xs.length; i++) {
      mark(timeline.checkpoints().get(i), xs[i]);
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static double[] positions(Timeline t) {
    List<Checkpoint> cs = t.checkpoints();
    double[] xs = new double[cs.size()];
    xs[0] = LEFT;
    for (int i = 1; i < xs.length; i++) {
      xs[i] = xs[i - 1] + gap(millisBetween(cs.get(i - 1), cs.get(i)));
    }
    return xs;
  }

  private static long millisBetween(Checkpoint a, Checkpoint b) {
    return Math.max(0, java.time.Duration.between(a.createdAt(), b.createdAt()).toMillis());
  }

  /** Spacing for a pause: 46 px for a burst, growing with log10 of the pause, at most 170 px. */
  private static double gap(long millis) {
    return Math.min(170, 46 + 18 * Math.log10(1 + millis / 10.0));
  }

  private double fromX(Timeline.Jump j) {
    Checkpoint from = j.from().orElse(j.recoveryPoint());
    return xs[timeline.checkpoints().indexOf(from)];
  }

  private double toX(Timeline.Jump j) {
    return j.target().map(t -> xs[timeline.checkpoints().indexOf(t)]).orElse(LEFT / 3.0);
  }

  private static double arcHeight(double x1, double x2) {
    return Math.min(230, 34 + 0.3 * Math.abs(x1 - x2));
  }

  private void heading() {
    List<Checkpoint> cs = timeline.checkpoints();
    int n = cs.size();
    int jumps = timeline.jumps().size();
    text(LEFT - 40, 30, 18, "bold", "#1a1a1a", "Session " + timeline.session() + ": " + n + " checkpoint"
        + (n == 1 ? "" : "s") + ", " + jumps + " rollback" + (jumps == 1 ? "" : "s"));
    text(LEFT - 40, 50, 12, "normal", "#555555", millis(cs.get(0)) + " to " + millis(cs.get(n - 1)) + " ("
        + Timeline.offsetText(timeline.offset(cs.get(n - 1))).substring(1) + "); spacing grows with the time between "
        + "checkpoints (log scale), labels give the exact times");
  }

  private static java.time.Instant millis(Checkpoint c) {
    return c.createdAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  private void legend() {
    double x = LEFT - 40;
    for (CheckpointType type : presentTypes()) {
      svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"76\" r=\"6\" fill=\"%s\" stroke=\"#333333\" "
          + "stroke-width=\"0.8\"/>%n", x + 6, COLOURS.get(type)[0]));
      text(x + 16, 80, 11, "normal", "#1a1a1a", type.name());
      x += 30 + type.name().length() * 7;
    }
    svg.append(String.format(Locale.ROOT, "<path class=\"legend-jump\" d=\"M%.1f,82 C%.1f,66 %.1f,66 %.1f,80\" "
        + "fill=\"none\" stroke=\"%s\" stroke-width=\"2\" marker-end=\"url(#arrow)\"/>%n", x + 30, x + 26, x + 4, x,
        ARC));
    text(x + 38, 80, 11, "normal", "#1a1a1a", "rollback: the state jumps back to the target");
  }

  private double legendWidth() {
    return presentTypes().stream().mapToDouble(t -> 30 + t.name().length() * 7).sum() + 40 + 300;
  }

  private List<CheckpointType> presentTypes() {
    List<CheckpointType> types = new ArrayList<>();
    for (CheckpointType type : CheckpointType.values()) {
      if (timeline.checkpoints().stream().anyMatch(c -> c.type() == type)) {
        types.add(type);
      }
    }
    return types;
  }

  private void axis() {
    List<Checkpoint> cs = timeline.checkpoints();
    for (int i = 1; i < xs.length; i++) {
      long pause = millisBetween(cs.get(i - 1), cs.get(i));
      boolean paused = pause >= 60_000;
      svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
          + "stroke=\"#888888\" stroke-width=\"2\"%s/>%n", xs[i - 1], baseline, xs[i], baseline,
          paused ? " stroke-dasharray=\"5,4\"" : ""));
      if (paused) {
        text((xs[i - 1] + xs[i]) / 2 - 20, baseline - 16, 10, "normal", "#555555",
            Timeline.offsetText(java.time.Duration.ofMillis(pause)).substring(1) + " later");
      }
    }
  }

  private void jump(Timeline.Jump j) {
    double x1 = fromX(j);
    double x2 = toX(j);
    double h = arcHeight(x1, x2);
    double y = baseline - R - 2;
    svg.append(String.format(Locale.ROOT, "<path class=\"jump\" d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" "
        + "fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\" marker-end=\"url(#arrow)\"><title>%s</title></path>%n",
        x1, y, x1, y - h * 1.33, x2, y - h * 1.33, x2, y - 2, ARC, escape(Timeline.describe(j) + "; RECOVERY_POINT #"
            + j.recoveryPoint().sequence() + " restores its state")));
    String label = "rollback to " + j.target().map(t -> "#" + t.sequence()).orElse("a deleted checkpoint");
    text((x1 + x2) / 2 - label.length() * 3.1, y - h - 6, 11, "bold", ARC, label);
  }

  private void mark(Checkpoint c, double x) {
    String[] colour = COLOURS.get(c.type());
    String seq = Long.toString(c.sequence());
    int size = seq.length() <= 2 ? 10 : seq.length() == 3 ? 8 : 6;
    svg.append(String.format(Locale.ROOT, "<g class=\"checkpoint\" data-sequence=\"%d\" data-type=\"%s\"><title>%s"
        + "</title>%n  <circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\" stroke=\"#333333\" stroke-width=\"1\"/>%n"
        + "  <text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>%n",
        c.sequence(), c.type(), escape(tooltip(c)), x, baseline, R, colour[0], x, baseline + size * 0.35, size,
        colour[1], seq));
    double ly = baseline + R + 14;
    svg.append(String.format(Locale.ROOT, "  <text class=\"label\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
        + "fill=\"#1a1a1a\" transform=\"rotate(35 %.1f %.1f)\"><tspan font-weight=\"bold\">%s</tspan> %s</text>%n"
        + "</g>%n", x - 4, ly, x - 4, ly, escape(c.type().name()), escape(caption(c))));
  }

  private String caption(Checkpoint c) {
    String what = timeline.jumpAt(c).flatMap(Timeline.Jump::target).map(t -> "restores #" + t.sequence())
        .orElse(c.description());
    String text = Timeline.offsetText(timeline.offset(c)) + "  " + what;
    int room = LABEL_CHARS - c.type().name().length();
    return text.length() <= room ? text : text.substring(0, Math.max(1, room - 1)) + "\u2026";
  }

  private String tooltip(Checkpoint c) {
    return "#" + c.sequence() + " " + c.type() + " " + c.id() + "\n" + millis(c) + " ("
        + Timeline.offsetText(timeline.offset(c)) + ")\n" + c.description();
  }

  private void text(double x, double y, int size, String weight, String fill, String content) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"%s\" "
        + "fill=\"%s\">%s</text>%n", x, y, size, weight, fill, escape(content)));
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> b.append(ch < 0x20 && ch != '\n' && ch != '\t' ? '?' : ch);
      }
    }
    return b.toString();
  }
}
