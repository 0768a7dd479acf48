package io.dorado.actors.orderpath.risk;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * The guardian's snapshots written before the order path had its own package name {@code
 * io.dorado.actors.risk.GuardianState}: they are read as {@link GuardianState} (registered under the old name in
 * reference.conf, as Pekko's Jackson migrations are), their one book as one account's ({@link GuardianStateAccounts}),
 * so a node upgraded over old data recovers.
 */
public final class GuardianStateMoved extends JacksonMigration {

  /** Above the old manifest's version (1, none written): Pekko renames only what is older than this. */
  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    return GuardianState.class.getName();
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return GuardianStateAccounts.toAccounts(json);
  }
}
