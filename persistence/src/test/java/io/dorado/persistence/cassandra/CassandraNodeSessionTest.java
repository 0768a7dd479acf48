package io.dorado.persistence.cassandra;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.persistence.testing.TestCassandra;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The node runs in a session (and so a process group) of its own: Ctrl-C in a terminal signals the whole foreground
 * process group, and the node must not stop at the same moment as the fleet, whose shutdown still writes (the
 * singletons' and entities' stop messages flush their pending writes) and then stops the node itself. Before,
 * Ctrl-C on the main job left "persist failed" errors in the fleet's shutdown: the node was already draining.
 */
class CassandraNodeSessionTest {

  @Test
  void the_node_runs_in_a_session_of_its_own_so_a_terminal_ctrl_c_reaches_only_the_fleet() throws Exception {
    CassandraNode node = TestCassandra.node().orElseThrow(() -> new AssertionError("this test needs the local node"));
    String command = Files.readString(Path.of("/proc", Long.toString(node.pid()), "cmdline")).replace('\0', ' ');
    assertTrue(command.contains("org.apache.cassandra.service.CassandraDaemon"), "pid " + node.pid() + " is the node itself: " + command);

    long ours = session(ProcessHandle.current().pid());
    long its = session(node.pid());
    System.out.printf("cassandra node pid %d: session %d, process group %d; this JVM: session %d, process group %d%n",
        node.pid(), its, group(node.pid()), ours, group(ProcessHandle.current().pid()));
    assertNotEquals(ours, its, "the node shares this JVM's session");
    assertNotEquals(group(ProcessHandle.current().pid()), group(node.pid()), "the node shares this JVM's process group");
  }

  /** Field 6 of /proc/<pid>/stat (after the command in parentheses, which may hold spaces): the session id. */
  private static long session(long pid) throws Exception {
    return statField(pid, 6);
  }

  private static long group(long pid) throws Exception {
    return statField(pid, 5);
  }

  private static long statField(long pid, int field) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(after[field - 3]); // after[0] is field 3 (state)
  }
}
