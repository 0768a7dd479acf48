package io.dorado.persistence.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

/** Plain driver sessions for tools (migration, checks); the journal builds its own from config. */
public final class Sessions {

  private Sessions() {}

  public static CqlSession open(CassandraSettings settings) {
    if (settings.startsLocalNode()) {
      throw new IllegalArgumentException("no contact points in " + settings);
    }
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        // As config, not addContactPoint(): the driver would merge programmatic points with any
        // basic.contact-points an application.conf on the classpath names (e.g. persistence.conf's).
        .withStringList(DefaultDriverOption.CONTACT_POINTS,
            settings.contactPoints().stream().map(CassandraSettings::hostPort).toList())
        .withString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, settings.localDatacenter())
        // Tools need no schema metadata; without it a DDL statement does not wait for a (debounced, ~1 s)
        // metadata refresh, which made the migration ~4x slower. Schema agreement is still awaited.
        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
        .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
        .build();
    CqlSessionBuilder builder = CqlSession.builder().withConfigLoader(config);
    if (settings.hasCredentials()) {
      builder.withAuthCredentials(settings.username(), settings.password());
    }
    return builder.build();
  }
}
