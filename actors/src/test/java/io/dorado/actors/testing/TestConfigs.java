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
}
