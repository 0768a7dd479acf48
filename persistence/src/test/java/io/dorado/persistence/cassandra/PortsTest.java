package io.dorado.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void a_picked_port_lies_below_the_ephemeral_range_so_no_port_0_bind_can_take_it() throws Exception {
    Set<Integer> ephemeral = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        ephemeral.add(s.getLocalPort());
      }
    }
    int lowestEphemeral = ephemeral.stream().mapToInt(Integer::intValue).min().orElseThrow();
    for (int i = 0; i < 20; i++) {
      int port = Ports.freeLoopbackPort();
      assertTrue(port < lowestEphemeral, port + " is not below the ephemeral port " + lowestEphemeral);
      assertTrue(Ports.isFree("127.0.0.1", port));
    }
  }

  @Test
  void consecutive_picks_differ_and_skip_a_port_in_use() throws Exception {
    int first = Ports.freeLoopbackPort();
    try (ServerSocket taken = new ServerSocket(first + 1, 1, InetAddress.getLoopbackAddress())) {
      int second = Ports.freeLoopbackPort();
      assertNotEquals(first, second);
      assertNotEquals(taken.getLocalPort(), second);
    } catch (java.net.BindException someoneElseHasIt) {
      assertNotEquals(first, Ports.freeLoopbackPort());
    }
  }
}
