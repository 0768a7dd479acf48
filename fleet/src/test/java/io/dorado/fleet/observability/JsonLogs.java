package io.dorado.fleet.observability;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.fleet.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The application's own logback.xml, configured as the run command would with DORADO_LOG_FORMAT=json,
 * its JSON console appender writing into memory instead of stdout: the lines an operator would ship.
 */
final class JsonLogs {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private JsonLogs() {}

  static JsonLogs capture() throws Exception {
    URL appConfig = Main.class.getResource("/logback.xml");
    assertNotNull(appConfig, "the application's logback.xml");
    System.setProperty("DORADO_LOG_FORMAT", "json");
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(appConfig);
    var appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("json");
    assertNotNull(appender, "DORADO_LOG_FORMAT=json puts the json appender on the root logger");
    JsonLogs logs = new JsonLogs();
    assertInstanceOf(OutputStreamAppender.class, appender).setOutputStream(logs.out);
    return logs;
  }

  /** Every line so far, each a JSON object (a line that is not fails the test). */
  List<JsonNode> lines() {
    String text = out.toString(StandardCharsets.UTF_8);
    var mapper = new ObjectMapper();
    var lines = new ArrayList<JsonNode>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) continue;
      try {
        lines.add(mapper.readTree(line));
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON log line: " + line, e);
      }
    }
    return lines;
  }
}
