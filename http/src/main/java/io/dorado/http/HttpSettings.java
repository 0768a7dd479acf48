package io.dorado.http;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code dorado.http} block. Blank tokens switch that access off rather than opening it.
 *
 * @param maxBody the largest request body accepted, in bytes
 * @param askTimeout how long a route waits for the fleet before answering 503
 * @param webhookDedupeWindow alerts without a signal id or a time of their own: the same content within this is one
 *     signal ({@link AlertIds})
 */
public record HttpSettings(String host, int port, String apiToken, String operatorToken, String webhookSecret,
    long maxBody, Duration askTimeout, Duration sseHeartbeat, Duration webhookDedupeWindow) {

  public static final Duration DEFAULT_WEBHOOK_DEDUPE_WINDOW = Duration.ofSeconds(60);

  public HttpSettings(String host, int port, String apiToken, String operatorToken, String webhookSecret,
      long maxBody, Duration askTimeout, Duration sseHeartbeat) {
    this(host, port, apiToken, operatorToken, webhookSecret, maxBody, askTimeout, sseHeartbeat,
        DEFAULT_WEBHOOK_DEDUPE_WINDOW);
  }

  public HttpSettings {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("dorado.http.port must be within 0..65535, was " + port);
    if (maxBody < 1) throw new IllegalArgumentException("dorado.http.max-body must be > 0");
    apiToken = apiToken == null ? "" : apiToken;
    operatorToken = operatorToken == null ? "" : operatorToken;
    webhookSecret = webhookSecret == null ? "" : webhookSecret;
    webhookDedupeWindow = webhookDedupeWindow == null ? DEFAULT_WEBHOOK_DEDUPE_WINDOW : webhookDedupeWindow;
    if (webhookDedupeWindow.getSeconds() < 1) {
      throw new IllegalArgumentException("dorado.http.webhook-dedupe-window must be at least 1s, was " + webhookDedupeWindow);
    }
  }

  public static HttpSettings fromConfig(Config root) {
    Config c = root.getConfig("dorado.http");
    return new HttpSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getString("api-token"),
        c.getString("operator-token"),
        c.getString("webhook-secret"),
        c.getBytes("max-body"),
        c.getDuration("ask-timeout"),
        c.getDuration("sse-heartbeat"),
        c.hasPath("webhook-dedupe-window") ? c.getDuration("webhook-dedupe-window") : null);
  }

  /** Never prints the secrets: settings end up in logs. */
  @Override
  public String toString() {
    return "HttpSettings[host=" + host + ", port=" + port + ", apiToken=" + (apiToken.isEmpty() ? "off" : "set")
        + ", operatorToken=" + (operatorToken.isEmpty() ? "off" : "set") + ", webhookSecret="
        + (webhookSecret.isEmpty() ? "off" : "set") + ", maxBody=" + maxBody + ", askTimeout=" + askTimeout + ", webhookDedupeWindow=" + webhookDedupeWindow + "]";
  }
}
