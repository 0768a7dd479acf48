package io.dorado.fleet.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.alert.AlertType;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TelegramSettingsTest {

  private static TelegramSettings parse(String hocon) {
    Config c = ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
    return TelegramSettings.fromConfig(c);
  }

  @Test
  @DisplayName("the defaults keep Telegram's limits, and without a token the bridge is off")
  void defaults() {
    TelegramSettings s = parse("dorado.telegram.token = \"\"");
    assertFalse(s.active());
    assertEquals("https://api.telegram.org/bot", s.baseUrl());
    assertEquals(1.0, s.perChatRate());
    assertEquals(30.0, s.globalRate());
    assertEquals(Duration.ofSeconds(25), s.pollTimeout());
    assertEquals(Set.of(), s.allowedChatIds());
    for (AlertType t : AlertType.values()) {
      assertEquals(t == AlertType.DAILY_SUMMARY ? AlertMode.SILENT : AlertMode.ON, s.modeOf(t), t.name());
    }
    assertEquals(LocalTime.of(21, 0), s.dailySummaryAt().orElseThrow());
  }

  @Test
  @DisplayName("a token switches it on unless enabled = false")
  void tokenSwitchesItOn() {
    assertTrue(parse("dorado.telegram.token = \"1:abc\"").active());
    assertFalse(parse("dorado.telegram { token = \"1:abc\", enabled = false }").active());
  }

  @Test
  @DisplayName("chat ids come as a list or, from the environment, comma-separated")
  void chatIds() {
    assertEquals(Set.of(1001L, -1001234567890L), parse("dorado.telegram.allowed-chat-ids = [1001, -1001234567890]").allowedChatIds());
    assertEquals(Set.of(1001L, 1002L), parse("dorado.telegram.allowed-chat-ids = \"1001, 1002\"").allowedChatIds());
    var e = assertThrows(IllegalArgumentException.class, () -> parse("dorado.telegram.allowed-chat-ids = \"10x\""));
    assertTrue(e.getMessage().contains("allowed-chat-ids"), e.getMessage());
  }

  @Test
  @DisplayName("alert modes are on, off or silent; a wrong value or an unknown type names the key")
  void alertModes() {
    TelegramSettings s = parse("dorado.telegram.alerts { fill = off, trading-state = silent }");
    assertEquals(AlertMode.OFF, s.modeOf(AlertType.FILL));
    assertEquals(AlertMode.SILENT, s.modeOf(AlertType.TRADING_STATE));
    var wrong = assertThrows(IllegalArgumentException.class, () -> parse("dorado.telegram.alerts.fill = loud"));
    assertEquals("dorado.telegram.alerts.fill must be on, off or silent, was 'loud'", wrong.getMessage());
    var unknown = assertThrows(IllegalArgumentException.class, () -> parse("dorado.telegram.alerts.fills = on"));
    assertEquals("dorado.telegram.alerts.fills is not an alert type", unknown.getMessage());
  }

  @Test
  @DisplayName("an empty daily-summary-at means no daily summary")
  void noDailySummary() {
    assertTrue(parse("dorado.telegram.daily-summary-at = \"\"").dailySummaryAt().isEmpty());
  }
}
