package io.dorado.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

  @Test
  void the_defaults_bind_to_loopback_with_access_switched_off() {
    HttpSettings s = HttpSettings.fromConfig(ConfigFactory.load());
    assertEquals("127.0.0.1", s.host());
    assertEquals(8080, s.port());
    assertEquals("", s.apiToken());
    assertEquals("", s.operatorToken());
    assertEquals("", s.webhookSecret());
    assertEquals(64 * 1024, s.maxBody());
    assertEquals(Duration.ofSeconds(5), s.askTimeout());
  }

  @Test
  void configuration_overrides_every_setting() {
    HttpSettings s = HttpSettings.fromConfig(ConfigFactory.parseString("""
        dorado.http { host = 0.0.0.0, port = 9090, api-token = a, operator-token = b, webhook-secret = c, max-body = 1m,
          ask-timeout = 2s }
        """).withFallback(ConfigFactory.load()));
    assertEquals("0.0.0.0", s.host());
    assertEquals(9090, s.port());
    assertEquals("b", s.operatorToken());
    assertEquals(1024 * 1024, s.maxBody());
    assertEquals(Duration.ofSeconds(2), s.askTimeout());
  }

  @Test
  void a_port_out_of_range_is_refused_naming_the_key() {
    var e = assertThrows(IllegalArgumentException.class, () -> HttpSettings.fromConfig(
        ConfigFactory.parseString("dorado.http.port = 70000").withFallback(ConfigFactory.load())));
    assertEquals("dorado.http.port must be within 0..65535, was 70000", e.getMessage());
  }
}
