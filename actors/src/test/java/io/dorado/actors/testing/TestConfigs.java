package io.dorado.actors.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** Actor test configuration: in-memory journal, and every message serialized as on the wire. */
public final class TestConfigs {
  private TestConfigs() {}

  public static Config eventSourced() {
    return ConfigFactory.parseString("""
            pekko.actor.serialize-messages = on
            pekko.actor.serialize-creators = off
            pekko.loglevel = WARNING
            """)
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(ConfigFactory.load());
  }

  /**
   * No journal; every message serialized as on the wire except Pekko's own and those under
   * {@code localOnly} prefixes (actor-local commands that never cross a node).
   */
  public static Config serialized(String... localOnly) {
    StringBuilder exempt = new StringBuilder("\"org.apache.pekko.\"");
    for (String prefix : localOnly) exempt.append(", \"").append(prefix).append('"');
    return ConfigFactory.parseString("""
            pekko.loglevel = WARNING
            pekko.actor.serialize-messages = on
            pekko.actor.no-serialization-verification-needed-class-prefix = [%s]
            """.formatted(exempt))
        .withFallback(ConfigFactory.load());
  }
}
