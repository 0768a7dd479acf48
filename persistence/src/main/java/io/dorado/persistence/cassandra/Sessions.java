package io.dorado.persistence.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.net.InetSocketAddress;

/** Plain driver sessions for tools (migration, checks); the journal builds its own from config. */
public final class Sessions {

  private Sessions() {}

  public static CqlSession open(CassandraSettings settings) {
    if (settings.startsLocalNode()) {
      throw new IllegalArgumentException("no contact points in " + settings);
    }
    // Tools need no schema metadata; without it a DDL statement does not wait for a (debounced, ~1 s)
    // metadata refresh, which made the migration ~10x slower. Schema agreement is still awaited.
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
        .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
        .build();
    CqlSessionBuilder builder = CqlSession.builder()
        .withConfigLoader(config)
        .withLocalDatacenter(settings.localDatacenter());
    for (InetSocketAddress point : settings.contactPoints()) {
      // Resolve here: the settings keep host names unresolved so DNS changes are picked up per session.
      builder.addContactPoint(new InetSocketAddress(point.getHostString(), point.getPort()));
    }
    if (settings.hasCredentials()) {
      builder.withAuthCredentials(settings.username(), settings.password());
    }
    return builder.build();
  }
}
