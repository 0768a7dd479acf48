package io.dorado.fleet.telegram;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import io.dorado.protocol.alert.AlertType;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bridge's configuration ({@code dorado.telegram} in reference.conf).
 *
 * @param perChatRate messages per second to one chat (Telegram: about 1)
 * @param globalRate messages per second over all chats (Telegram: 30)
 * @param queueCapacity outbound messages kept while Telegram is slow or down; beyond it the oldest is dropped
 * @param requestTimeout a request without an answer after this long is retried
 * @param dailySummaryAt UTC time of the daily summary, empty for none
 */
public record TelegramSettings(
    boolean enabled,
    String token,
    String baseUrl,
    Set<Long> allowedChatIds,
    Map<AlertType, AlertMode> alerts,
    Duration pollTimeout,
    double perChatRate,
    double globalRate,
    int queueCapacity,
    Duration requestTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    Duration operationTimeout,
    Duration confirmWindow,
    List<String> annotationTags,
    Optional<LocalTime> dailySummaryAt,
    Clock clock) {

  public TelegramSettings {
    token = token == null ? "" : token.trim();
    allowedChatIds = Set.copyOf(allowedChatIds);
    alerts = Map.copyOf(alerts);
    for (AlertType t : AlertType.values()) {
      if (!alerts.containsKey(t)) throw new IllegalArgumentException("dorado.telegram.alerts." + key(t) + " is missing");
    }
    if (perChatRate <= 0 || globalRate <= 0) throw new IllegalArgumentException("rates must be positive");
    if (queueCapacity < 1) throw new IllegalArgumentException("queue-capacity must be at least 1");
    if (pollTimeout.isNegative()) throw new IllegalArgumentException("poll-timeout must not be negative");
    annotationTags = List.copyOf(annotationTags);
  }

  /** Reads {@code dorado.telegram}; fails naming the key when a value is wrong. */
  public static TelegramSettings fromConfig(Config root) {
    Config c = root.getConfig("dorado.telegram");
    Map<AlertType, AlertMode> alerts = new EnumMap<>(AlertType.class);
    Config a = c.getConfig("alerts");
    for (AlertType t : AlertType.values()) {
      String k = key(t);
      if (!a.hasPath(k)) throw new IllegalArgumentException("dorado.telegram.alerts." + k + " is missing");
      alerts.put(t, AlertMode.parse(a.getString(k), "dorado.telegram.alerts." + k));
    }
    for (String k : a.root().keySet()) {
      if (Arrays.stream(AlertType.values()).noneMatch(t -> key(t).equals(k))) {
        throw new IllegalArgumentException("dorado.telegram.alerts." + k + " is not an alert type");
      }
    }
    String at = c.getString("daily-summary-at").trim();
    return new TelegramSettings(
        c.getBoolean("enabled"),
        c.getString("token"),
        c.getString("base-url"),
        chatIds(c),
        alerts,
        c.getDuration("poll-timeout"),
        c.getDouble("per-chat-rate"),
        c.getDouble("global-rate"),
        c.getInt("queue-capacity"),
        c.getDuration("request-timeout"),
        c.getDuration("min-backoff"),
        c.getDuration("max-backoff"),
        c.getDuration("operation-timeout"),
        c.getDuration("confirm-window"),
        c.getStringList("annotation-tags"),
        at.isEmpty() ? Optional.empty() : Optional.of(LocalTime.parse(at)),
        Clock.systemUTC());
  }

  /** The config key of an alert type: {@code TRADING_STATE} is {@code trading-state}. */
  public static String key(AlertType type) {
    return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The bridge runs only when switched on and given a token. */
  public boolean active() {
    return enabled && !token.isEmpty();
  }

  public boolean allows(long chatId) {
    return allowedChatIds.contains(chatId);
  }

  public AlertMode modeOf(AlertType type) {
    return alerts.get(type);
  }

  public TelegramSettings withBaseUrl(String value) {
    return new TelegramSettings(enabled, token, value, allowedChatIds, alerts, pollTimeout, perChatRate, globalRate,
        queueCapacity, requestTimeout, minBackoff, maxBackoff, operationTimeout, confirmWindow, annotationTags,
        dailySummaryAt, clock);
  }

  public TelegramSettings withClock(Clock value) {
    return new TelegramSettings(enabled, token, baseUrl, allowedChatIds, alerts, pollTimeout, perChatRate, globalRate,
        queueCapacity, requestTimeout, minBackoff, maxBackoff, operationTimeout, confirmWindow, annotationTags,
        dailySummaryAt, value);
  }

  /** A list in HOCON, or a comma-separated string from the environment. */
  private static Set<Long> chatIds(Config c) {
    String k = "allowed-chat-ids";
    List<String> raw = c.getValue(k).valueType() == ConfigValueType.LIST
        ? c.getList(k).unwrapped().stream().map(String::valueOf).toList()
        : Arrays.asList(c.getString(k).split(","));
    try {
      return raw.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).collect(Collectors.toSet());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("dorado.telegram.allowed-chat-ids must be chat ids (numbers), was " + raw);
    }
  }
}
