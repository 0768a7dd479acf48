package io.dorado.fleet.config;

/**
 * A configuration file that cannot be used, with where and why:
 * {@code bots.yaml:12: bots[1].sizing.risk_pct: must be between 0 and 5 (was 9)}.
 * {@code line} is 0 when unknown (a missing file).
 */
public final class ConfigException extends RuntimeException {
  private final String file;
  private final int line;
  private final String field;
  private final String problem;

  public ConfigException(String file, int line, String field, String problem) {
    super(format(file, line, field, problem));
    this.file = file;
    this.line = line;
    this.field = field;
    this.problem = problem;
  }

  private static String format(String file, int line, String field, String problem) {
    return file + (line > 0 ? ":" + line : "") + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
