package io.dorado.cluster.ops;

import java.util.List;
import java.util.Set;

/** The cluster as this node sees it: its members, and how many shards and entities each region holds per node. */
public record ClusterView(String selfAddress, String leader, List<Member> members, List<ShardRegion> regions) {
  public ClusterView {
    members = List.copyOf(members);
    regions = List.copyOf(regions);
  }

  /** {@code status} is Pekko's member status (Joining, Up, Leaving, ...); {@code reachable} as this node sees it. */
  public record Member(String address, String status, Set<String> roles, boolean reachable) {}

  /** One shard region ("Bot", "Venue") on one node: its shard ids and the number of live entities. */
  public record ShardRegion(String typeName, String address, List<String> shards, int entities) {}
}
